// Dates as Graph reads and writes them (Edm.DateTimeOffset).
//
// A date the client sent comes back as its own text: clients such as the azuread provider compare
// the text they stored with the text they read, and replace a password whose end date "changed"
// from …52Z to …52.000Z. An offset other than Z comes back in UTC (Graph keeps UTC), with the
// fraction the client gave. A date Graph picks itself (a default start, start + 2 years) is written
// with seven fractional digits, the 100 ns ticks .NET serialises, e.g. 2023-01-26T21:53:33.7567237Z;
// the emulator's clock counts milliseconds, so its last four digits are zeros.
import { LATEST_TIME_MS } from "../clock.ts";
import { isoSeconds } from "../ids.ts";

/** OData's dateTimeOffsetValue: seconds optional, at most 7 fractional digits (.NET ticks), Z or ±hh:mm. */
const DATE_TIME_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const EARLIEST_TIME_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z, DateTimeOffset.MinValue

export interface SentDate {
  /** Milliseconds since the epoch, for the emulator's own logic. */
  ms: number;
  /** The text Graph answers with from now on. */
  text: string;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** The text as a DateTimeOffset, or undefined when it is none (wrong form, 2027-02-30, 24:00, offset over 14 h). */
export function parseDateTimeOffset(text: string): SentDate | undefined {
  const match = DATE_TIME_OFFSET.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? "0")) as [number, number, number, number, number, number];
  const fraction = match[7] ?? "";
  const offsetMinutes = match[8] ? 0 : (match[9] === "-" ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11]));
  if (Math.abs(offsetMinutes) > 14 * 60 || Number(match[11] ?? "0") > 59) return undefined;
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, 0);
  // Date rolls 02-30 over into March: a value that does not come back unchanged was no date.
  const roundTrips = local.getUTCFullYear() === year && local.getUTCMonth() === month - 1 && local.getUTCDate() === day
    && local.getUTCHours() === hour && local.getUTCMinutes() === minute && local.getUTCSeconds() === second;
  const wholeSeconds = local.getTime() - offsetMinutes * 60_000;
  if (!roundTrips || year === 0 || wholeSeconds < EARLIEST_TIME_MS || wholeSeconds > LATEST_TIME_MS) return undefined;
  const ms = wholeSeconds + Math.floor(Number(`0${fraction || ".0"}`) * 1000);
  const utc = offsetMinutes === 0
    ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${pad(second)}`
    : isoSeconds(wholeSeconds).slice(0, -1);
  return { ms, text: `${utc}${fraction}Z` };
}

/** A date Graph chose (a default start or end): seven fractional digits. */
export const graphChosenDate = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, "0000Z");

/** A date Graph keeps to the second (createdDateTime of applications, a certificate's own validity). */
export const graphSecondsDate = (ms: number): string => isoSeconds(ms);
