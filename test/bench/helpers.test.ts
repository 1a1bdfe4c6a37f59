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
