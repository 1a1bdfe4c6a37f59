// docs/troubleshooting.md's tables of verify codes, generated from verify/explain.ts (the catalog the
// reports themselves use), so the page cannot drift from what verify prints.
//
//   node scripts/troubleshooting.ts          rewrite the generated part of docs/troubleshooting.md
//
// Only the text between the GENERATED markers is replaced; the rest of the page is written by hand.
// test/docs/troubleshooting.test.ts fails when the page is out of date.

import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { EXPLANATIONS, type Explanation } from "../verify/explain.ts";

export const PAGE = fileURLToPath(new URL("../docs/troubleshooting.md", import.meta.url));
export const BEGIN = "<!-- GENERATED from verify/explain.ts by `node scripts/troubleshooting.ts`: do not edit by hand -->";
export const END = "<!-- /GENERATED -->";

const GROUPS: readonly { title: string; matches: (code: string) => boolean }[] = [
  { title: "Entra ID token endpoint (the `token` check)", matches: (code) => code.startsWith("AADSTS") },
  { title: "Network (any request)", matches: (code) => code.startsWith("ERR_HTTP_") || code === "ERR_DEADLINE" || code === "ERR_ABORTED" },
  { title: "verify's own findings", matches: (code) => /^(ERR|WARN)_/.test(code) },
  { title: "Checks that were skipped", matches: (code) => code.startsWith("SKIP_") },
  { title: "Microsoft Graph (the `probe …` checks)", matches: () => true },
];

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** Pure: the generated tables, one per group, codes in the catalog's order. */
export function renderTables(explanations: Readonly<Record<string, Explanation>> = EXPLANATIONS): string {
  const remaining = new Map(Object.entries(explanations));
  const out: string[] = [];
  for (const group of GROUPS) {
    const rows = [...remaining].filter(([code]) => group.matches(code));
    if (rows.length === 0) continue;
    for (const [code] of rows) remaining.delete(code);
    out.push(`### ${group.title}`, "", "| code | cause | fix |", "|---|---|---|");
    for (const [code, e] of rows) out.push(`| \`${code}\` | ${cell(e.explanation)} | ${cell(e.fix)} |`);
    out.push("");
  }
  return out.join("\n");
}

/** The page with its generated part replaced (the markers must be there). */
export function withTables(page: string, tables: string = renderTables()): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${PAGE} lacks the markers ${BEGIN} … ${END}`);
  return `${page.slice(0, start + BEGIN.length)}\n\n${tables}\n${page.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(PAGE, withTables(await readFile(PAGE, "utf8")));
  process.stdout.write(`wrote ${PAGE}\n`);
}
