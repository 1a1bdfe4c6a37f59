// Every stack file users copy passes the program's config checks as written.

import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../infra/config.ts";

const PROJECT = "graph-workload-identity";

/** A stack file's project keys as Pulumi hands them to the program: strings, lists and objects as JSON. */
function projectConfig(path: string): Record<string, string> {
  const doc = yaml.load(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(doc.config)
      .filter(([k]) => k.startsWith(`${PROJECT}:`))
      .map(([k, v]) => [k.slice(PROJECT.length + 1), typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

describe.each(["Pulumi.dev.yaml", "examples/nightly-directory-sync/Pulumi.nightly-sync.yaml"])("%s", (path) => {
  it("passes the program's config checks", () => {
    const spec = parseConfig(projectConfig(path), { project: PROJECT, stack: "example" });
    expect(spec.permissions.length).toBeGreaterThan(0);
    expect(spec.secretLifetimeDays).toBe(2 * spec.rotationDays + 14);
  });
});
