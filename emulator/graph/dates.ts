// Dates as Graph writes them. A date the client sent comes back as its own text (clients such as
// the azuread provider compare the text they stored with the text they read, and would replace a
// password whose end date "changed" from …52Z to …52.000Z); an offset other than Z comes back in
// UTC, as Graph stores DateTimeOffset values. A date Graph picks itself (a default start or end) is
// written with seven fractional digits, the way Graph serialises the ticks it keeps.

const UTC_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

export const graphChosenDate = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, "0000Z");

/** The wire text of a date property whose parsed value is `ms`: as sent when it was sent in UTC. */
export function wireDate(sent: unknown, ms: number): string {
  if (typeof sent === "string" && UTC_TEXT.test(sent)) return sent;
  return typeof sent === "string" ? new Date(ms).toISOString().replace(/\.000Z$/, "Z") : graphChosenDate(ms);
}
