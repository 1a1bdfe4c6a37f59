import { describe, expect, it } from "vitest";
import { parseProbe, planProbes, SAFE_READS } from "../../verify/probes.ts";

import { catalog } from "../fixtures/catalog.ts";

describe("probe table", () => {
  it("plans one least-privileged read per distinct path and names what each covers", () => {
    const plan = planProbes(["User.Read.All", "Directory.Read.All", "Group.Read.All", "Mail.Send"]);
    expect(plan.probes.map((p) => [p.path, p.permissions])).toEqual([
      ["/v1.0/users?$top=1&$select=id", ["User.Read.All", "Directory.Read.All"]],
      ["/v1.0/groups?$top=1&$select=id", ["Group.Read.All"]],
    ]);
    expect(plan.uncovered).toEqual(["Mail.Send"]);
  });

  it("appends the user's probes, without duplicating a planned path", () => {
    const custom = [parseProbe("GET /v1.0/users?$top=1&$select=id"), parseProbe("get /beta/organization")].map((p) => {
      if ("problem" in p) throw new Error(p.problem);
      return p;
    });
    expect(planProbes(["User.Read.All"], custom).probes.map((p) => p.path)).toEqual(["/v1.0/users?$top=1&$select=id", "/beta/organization"]);
  });

  it("only ever reads, with the smallest answer", () => {
    for (const path of Object.values(SAFE_READS)) {
      expect(path).toMatch(/^\/v1\.0\//);
      expect(path).toMatch(/\$select=id/);
    }
  });

  it.each([
    ["POST /v1.0/users", /only GET/],
    ["DELETE /v1.0/applications/1", /only GET/],
    ["GET https://evil.example/v1.0/users", /under \/v1\.0\/ or \/beta\//],
    ["GET //evil.example/v1.0/users", /under \/v1\.0\//],
    ["GET /v1.0/../../steal", /under \/v1\.0\//],
    ["GET /v2/users", /under \/v1\.0\//],
    ["/v1.0/users", /is not "GET/],
  ])("refuses the probe %j", (text, problem) => {
    const parsed = parseProbe(text);
    expect("problem" in parsed && parsed.problem).toMatch(problem);
  });

  it("matches the public catalog: each probe path is a GET that its permission grants", () => {
    for (const [permission, path] of Object.entries(SAFE_READS)) {
      const entry = catalog.permissions[permission];
      expect(entry?.application, `${permission} is an application permission`).toBeDefined();
      const resource = path.split("?")[0]!.replace(/^\/v1\.0/, "").toLowerCase();
      const plain = entry?.plainGetPathsApplication;
      // Where the source cut the list of paths, the probe's resource may be among those cut.
      if (plain?.complete !== false) expect(plain?.paths.map((p) => p.toLowerCase()), `${permission} grants GET ${resource}`).toContain(resource);
    }
  });
});
