import { describe, expect, it } from "vitest";
import { consistencyPolling, resourcePath, unionMs, type LogLine } from "../../bench/lib/consistency-polling.ts";

// Synthetic logs shaped like the real azuread provider's (times in ms from 0; statuses as the emulator answers).
const APP = "/v1.0/applications/3a5ab6f5-dd5e-414f-922e-abb0fe8ff24d";
const SP = "/v1.0/servicePrincipals/779c187d-71d3-49ab-96c2-c37c1807219a";
const GRAPH_SP = "/v1.0/servicePrincipals/9823eb1d-c00c-5191-b082-33d0778a81f8";
const line = (at: number, method: string, path: string, status = 200, route = "graph"): LogLine => ({ method, path, status, route, at });

describe("consistencyPolling", () => {
  it("spans an addPassword from the POST to the last GET of the application before the next different request of it", () => {
    const log = [
      line(0, "POST", "/v1.0/applications", 201),
      line(20, "GET", APP),
      line(500, "POST", `${APP}/addPassword`),
      line(510, "POST", "/v1.0/servicePrincipals", 201), // another resource: does not end the run
      line(530, "GET", APP),
      line(1_530, "GET", APP),
      line(2_530, "GET", APP),
      line(3_530, "GET", APP),
      line(4_530, "GET", APP),
      line(4_600, "PATCH", APP, 204), // the next different request of the application ends the polling
      line(5_600, "GET", APP),
    ];
    const polling = consistencyPolling(log);
    expect(polling.spans).toEqual([{ kind: "addPassword", path: resourcePath(APP), startAt: 500, endAt: 4_530, durationMs: 4_030, reads: 5 }]);
    expect(polling.wallMs).toBe(4_030);
    expect(polling.sumMs).toBe(4_030);
  });

  it("ends an addPassword's polling at a request under the application (its owners), and counts no GET after it", () => {
    const polling = consistencyPolling([line(0, "POST", `${APP}/addPassword`), line(1_000, "GET", APP), line(1_100, "GET", `${APP}/owners`), line(2_000, "GET", APP)]);
    expect(polling.spans.map((s) => [s.durationMs, s.reads])).toEqual([[1_000, 1]]);
  });

  it("spans each DELETE from the DELETE to the last 404 GET of that path, on v1.0 or beta, and counts overlapping spans once", () => {
    const log = [
      line(0, "DELETE", `${GRAPH_SP}/appRoleAssignedTo/jx6b`, 204), // never polled: no span
      line(50, "POST", `${APP}/removePassword`, 204),
      line(80, "DELETE", SP, 204),
      line(100, "GET", APP),
      line(110, "GET", SP, 404),
      line(5_100, "GET", APP),
      line(5_110, "GET", `/beta${SP.slice("/v1.0".length)}`, 404),
      line(10_100, "GET", APP),
      line(10_110, "GET", SP, 404),
      line(15_100, "GET", APP),
      line(15_110, "GET", SP, 404),
      line(20_100, "GET", APP),
      line(20_110, "GET", SP, 404),
      line(20_200, "DELETE", APP, 204),
      line(20_220, "GET", APP, 404),
      line(25_220, "GET", APP, 404),
      line(30_220, "GET", APP, 404),
      line(35_220, "GET", APP, 404),
      line(40_220, "GET", APP, 404),
    ];
    const polling = consistencyPolling(log);
    expect(polling.spans).toEqual([
      { kind: "removePassword", path: resourcePath(APP), startAt: 50, endAt: 20_100, durationMs: 20_050, reads: 5 },
      { kind: "delete", path: resourcePath(SP), startAt: 80, endAt: 20_110, durationMs: 20_030, reads: 5 },
      { kind: "delete", path: resourcePath(APP), startAt: 20_200, endAt: 40_220, durationMs: 20_020, reads: 5 },
    ]);
    // removePassword and the service principal's delete were polled side by side: [50, 20 110] ∪ [20 200, 40 220].
    expect(polling.wallMs).toBe(20_060 + 20_020);
    expect(polling.sumMs).toBe(20_050 + 20_030 + 20_020);
  });

  it("matches a removed reference's polls on the path without /$ref, and ignores refused writes and other routes", () => {
    const owner = `${APP}/owners/0d0e0a0d-0000-4000-8000-00000000beef`;
    const polling = consistencyPolling([
      line(0, "DELETE", `${owner}/$ref`, 204),
      line(5_000, "GET", owner, 404),
      line(6_000, "DELETE", SP, 403), // refused: nothing to wait for
      line(7_000, "GET", SP, 404),
      line(8_000, "POST", "/tenant/oauth2/v2.0/token", 200, "token"),
    ]);
    expect(polling.spans.map((s) => [s.kind, s.path, s.durationMs])).toEqual([["delete", resourcePath(owner), 5_000]]);
  });

  it("finds nothing in a no-op preview's reads", () => {
    expect(consistencyPolling([line(0, "GET", "/v1.0/servicePrincipals"), line(13, "GET", GRAPH_SP)])).toEqual({ spans: [], wallMs: 0, sumMs: 0 });
  });
});

describe("unionMs", () => {
  it("adds disjoint intervals and merges overlapping or touching ones", () => {
    expect(unionMs([])).toBe(0);
    expect(unionMs([{ startAt: 10, endAt: 20 }, { startAt: 0, endAt: 5 }])).toBe(15);
    expect(unionMs([{ startAt: 0, endAt: 10 }, { startAt: 5, endAt: 15 }, { startAt: 15, endAt: 20 }, { startAt: 2, endAt: 3 }])).toBe(20);
  });
});
