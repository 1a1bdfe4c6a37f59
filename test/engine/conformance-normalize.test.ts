// The comparison the conformance test makes (test/real-engine/conformance-*.test.ts): what counts as
// the same traffic, and that any difference in method, path, query keys, body keys, status or order
// on one object is reported.

import { describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../emulator/index.ts";
import { normalizeTraffic, trafficDifferences } from "../real-engine/conformance/normalize.ts";

const APP = "/v1.0/applications/4af51954-d7fb-4d20-83de-7422dbc6839c";
const entry = (method: string, path: string, status: number, extra: Partial<RequestLogEntry> = {}): RequestLogEntry => ({ method, path, status, route: "graph", at: 0, ...extra });

describe("normalizeTraffic", () => {
  it("groups per object path with ids as {id}, keeps order, collapses polls, drops token traffic", () => {
    const traffic = normalizeTraffic([
      entry("POST", "/v1.0/applications", 201, { bodyKeys: ["displayName", "owners@odata.bind"] }),
      entry("POST", "/abc/oauth2/v2.0/token", 200, { route: "token" }),
      entry("PATCH", APP, 204, { bodyKeys: ["displayName"] }),
      entry("GET", APP, 200),
      entry("GET", APP, 200),
      entry("DELETE", "/v1.0/servicePrincipals/7d0b8c1e-0000-4000-8000-000000000001/appRoleAssignedTo/TxmzhZH70iZBB5ZAXXBWbcPGUtEf", 204),
      entry("GET", "/v1.0/servicePrincipals", 200, { queryKeys: ["$filter"] }),
    ]);
    expect(traffic).toEqual({
      "/v1.0/applications": ["POST {displayName,owners@odata.bind} → 201"],
      "/v1.0/applications/{id}": ["PATCH {displayName} → 204", "GET → 200"],
      "/v1.0/servicePrincipals": ["GET ?$filter → 200"],
      "/v1.0/servicePrincipals/{id}/appRoleAssignedTo/{id}": ["DELETE → 204"],
    });
  });
});

describe("trafficDifferences", () => {
  const recorded = normalizeTraffic([entry("POST", `${APP}/removePassword`, 204, { bodyKeys: ["keyId"] }), entry("DELETE", APP, 204), entry("GET", APP, 404)]);
  it("is empty for the same traffic in another interleaving of objects", () => {
    const same = normalizeTraffic([entry("DELETE", APP, 204), entry("POST", `${APP}/removePassword`, 204, { bodyKeys: ["keyId"] }), entry("GET", APP, 404)]);
    expect(trafficDifferences("destroy", recorded, same)).toEqual([]);
  });
  it.each([
    ["a body key", [entry("POST", `${APP}/removePassword`, 204, { bodyKeys: ["keyId", "extra"] }), entry("DELETE", APP, 204), entry("GET", APP, 404)]],
    ["a status (a delete of what is gone that succeeds)", [entry("POST", `${APP}/removePassword`, 204, { bodyKeys: ["keyId"] }), entry("DELETE", APP, 204), entry("GET", APP, 200)]],
    ["the order on one object", [entry("POST", `${APP}/removePassword`, 204, { bodyKeys: ["keyId"] }), entry("GET", APP, 404), entry("DELETE", APP, 204)]],
    ["a missing request", [entry("DELETE", APP, 204), entry("GET", APP, 404)]],
  ])("reports %s, naming the operation and the path", (_what, requests) => {
    const differences = trafficDifferences("destroy", recorded, normalizeTraffic(requests));
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatch(/^destroy \/v1\.0\/applications\/\{id\}/);
  });
});
