import { describe, expect, it } from "vitest";
import { parseMaxRssKiB } from "../../bench/lib/peak-memory.ts";
import { commandLine, quoteArg } from "../../bench/lib/process-timing.ts";
import { describeRequests } from "../../bench/sections/smoke.ts";

describe("quoteArg (hyperfine -N splits its command like a shell)", () => {
  it.each([
    ["verify/cli.ts", "verify/cli.ts"],
    ["--outputs", "--outputs"],
    ["", "''"],
    ["import 'undici'", `'import '"'"'undici'"'"''`],
    ["NODE_COMPILE_CACHE=/tmp/x", "NODE_COMPILE_CACHE=/tmp/x"],
  ])("quotes %j as %s", (arg, quoted) => {
    expect(quoteArg(arg)).toBe(quoted);
  });

  it("joins a command line", () => {
    expect(commandLine(["node", "-e", ""])).toBe("node -e ''");
  });
});

describe("parseMaxRssKiB", () => {
  it("reads the last line of GNU time's output, after whatever the command wrote", () => {
    expect(parseMaxRssKiB("some warning\n123456\n")).toBe(123456);
  });

  it("refuses output that is not a size", () => {
    expect(() => parseMaxRssKiB("Command exited with non-zero status 1\n")).toThrow(/unexpected GNU time output/);
  });
});

describe("describeRequests", () => {
  it("counts a run's requests by route, leaves control calls out and flags error statuses", () => {
    const log = [
      { method: "DELETE", path: "/_emulator/requests", status: 204, route: "control", at: 1 },
      { method: "GET", path: "/t/v2.0/.well-known/openid-configuration", status: 200, route: "discovery", at: 2 },
      { method: "POST", path: "/t/oauth2/v2.0/token", status: 200, route: "token", at: 3 },
      { method: "GET", path: "/v1.0/users", status: 403, route: "graph", at: 4 },
    ];
    expect(describeRequests(log)).toBe("discovery 1, token 1, graph 1, HTTP 403 1");
  });
});

describe("the engine section's pieces", () => {
  it("takes the one run of the operation's subcommand among the Automation API's CLI runs", async () => {
    const { onlyRun } = await import("../../bench/lib/cli-timer.ts");
    const runs = [{ command: "up", ms: 7_000, startedAt: 0, endedAt: 7_000 }, { command: "stack", ms: 400, startedAt: 7_000, endedAt: 7_400 }];
    expect(onlyRun(runs, "up").ms).toBe(7_000);
    expect(() => onlyRun(runs, "preview")).toThrow(/expected one `pulumi preview` run, got 0 \(up, stack\)/);
  });

  it("gives the baseline programs the project's runtime block, and main only for the real language host", async () => {
    const { readFile } = await import("node:fs/promises");
    const yaml = (await import("js-yaml")).default;
    const { baselineProjectFile } = await import("../../bench/lib/baseline-program.ts");
    const project = yaml.load(await readFile(new URL("../../Pulumi.yaml", import.meta.url), "utf8")) as Record<string, unknown>;
    const empty = yaml.load(baselineProjectFile("empty", "real")) as Record<string, unknown>;
    expect(empty["runtime"]).toEqual(project["runtime"]);
    expect(String(empty["main"])).toMatch(/\/bench\/peers\/empty-program\/$/);
    expect(yaml.load(baselineProjectFile("imports", "inline"))).not.toHaveProperty("main");
  });
});
