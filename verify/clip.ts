// Server texts (error descriptions, messages, error pages) go into reports that people read and CI
// keeps: a pasted blob or a 500 KB `error_description` must not flood them.

/** Longest server text kept in a report, characters. */
export const MAX_SERVER_TEXT = 400;

/** `text` cut to `max` characters, saying how much was left out. */
export function clip(text: string, max: number = MAX_SERVER_TEXT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
