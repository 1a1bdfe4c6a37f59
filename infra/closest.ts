// "Did you mean …?" for config keys and permission names.

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), so the usual typos
 * (`Reed` for `Read`, `Raed` for `Read`, a dropped dot) all cost 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * Up to `max` candidates closest to `input`, ignoring case, best first (ties alphabetical).
 * A candidate equal to the input except for case always comes first: that is the fix.
 * Only candidates within a distance that grows with the length of the input are returned, so a
 * wild guess gets no suggestion rather than a random one.
 */
export function closestMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 4));
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    if (name === input) continue;
    const score = editDistance(needle, name.toLowerCase());
    if (score <= limit) scored.push({ name, score });
  }
  scored.sort((x, y) => x.score - y.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, max).map((s) => s.name);
}
