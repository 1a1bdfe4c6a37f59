import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AADSTS, startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { claimsOf, getToken, graph, GRAPH_SCOPE, send, tokenRequest } from "./helpers.ts";

// The base clock is frozen: only advanceClock moves time, so windows are exact and nobody sleeps.
const BASE = Date.parse("2032-03-01T00:00:00Z");
let emulator: Emulator;
let tenantId: string;

beforeEach(async () => {
  emulator = await startEmulator({ now: () => BASE });
  tenantId = emulator.control.createTenant({ displayName: "Replicating" }).tenantId;
});

afterEach(async () => {
  await emulator.close();
});

const codeOf = async (credentials: { tenantId: string; clientId: string; clientSecret: string }): Promise<number | "ok"> => {
  const response = await tokenRequest(emulator, credentials.tenantId, {
    grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: GRAPH_SCOPE,
  });
  return response.status === 200 ? "ok" : ((response.body.error_codes as number[])[0] ?? 0);
};

describe("replication delays", () => {
  it("default to zero: a new workload gets a token at once", async () => {
    const workload = emulator.control.createWorkload({ displayName: "instant", permissions: ["User.Read.All"], tenantId });
    expect(await codeOf(workload)).toBe("ok");
  });

  it("hide a new application from the token endpoint (700016) until applicationMs has passed", async () => {
    emulator.control.setReplicationDelays(tenantId, { applicationMs: 30_000 });
    const workload = emulator.control.createWorkload({ displayName: "new app", permissions: [], tenantId });
    expect(await codeOf(workload)).toBe(AADSTS.APP_NOT_FOUND.code);
    emulator.control.advanceClock(29_999);
    expect(await codeOf(workload)).toBe(AADSTS.APP_NOT_FOUND.code);
    emulator.control.advanceClock(1);
    expect(await codeOf(workload)).toBe("ok");
  });

  it("reject a new secret (7000215) until secretMs has passed, while an older secret keeps working", async () => {
    const workload = emulator.control.createWorkload({ displayName: "rotating", permissions: [], tenantId });
    const deployer = await getToken(emulator, emulator.control.createDeployer({ tenantId }));
    emulator.control.setReplicationDelays(tenantId, { secretMs: 15_000 });
    emulator.control.advanceClock(15_000); // the workload's first secret is old news by now
    const added = await graph(emulator, deployer, "POST", `/applications/${workload.applicationObjectId}/addPassword`, {});
    const rotated = { ...workload, clientSecret: String(added.body.secretText) };
    expect(await codeOf(rotated)).toBe(AADSTS.INVALID_SECRET.code);
    expect(await codeOf(workload)).toBe("ok");
    emulator.control.advanceClock(15_000);
    expect(await codeOf(rotated)).toBe("ok");
  });

  it("leave a new role out of tokens until roleAssignmentMs has passed", async () => {
    emulator.control.setReplicationDelays(tenantId, { roleAssignmentMs: 60_000 });
    const workload = emulator.control.createWorkload({ displayName: "consenting", permissions: ["User.Read.All"], tenantId });
    const early = claimsOf(await getToken(emulator, workload));
    expect(early).not.toHaveProperty("roles");
    expect((await graph(emulator, await getToken(emulator, workload), "GET", "/users")).status).toBe(403);
    emulator.control.advanceClock(60_000);
    expect(claimsOf(await getToken(emulator, workload)).roles).toEqual(["User.Read.All"]);
  });

  it("are per tenant", async () => {
    emulator.control.setReplicationDelays(tenantId, { applicationMs: 60_000 });
    const elsewhere = emulator.control.createWorkload({ displayName: "other tenant", permissions: [] });
    expect(await codeOf(elsewhere)).toBe("ok");
  });

  it("are settable over HTTP, and the clock can be moved over HTTP", async () => {
    const put = await send(emulator, `/_emulator/tenants/${tenantId}/replication`, {
      method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ applicationMs: 5_000, secretMs: 0, roleAssignmentMs: 0 }),
    });
    expect(put.status).toBe(200);
    const workload = emulator.control.createWorkload({ displayName: "via http", permissions: [], tenantId });
    expect(await codeOf(workload)).toBe(AADSTS.APP_NOT_FOUND.code);
    const clock = await send(emulator, "/_emulator/clock", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs: 5_000 }) });
    expect(clock.body).toEqual({ now: BASE + 5_000 });
    expect(await codeOf(workload)).toBe("ok");
  });

  it("reject negative delays with a stable error code", () => {
    expect(() => emulator.control.setReplicationDelays(tenantId, { secretMs: -1 })).toThrow(expect.objectContaining({ code: "INVALID_DELAY" }));
  });
});

describe("secret expiry on the emulator clock", () => {
  it("turns a secret into 7000222 once its endDateTime has passed", async () => {
    const workload = emulator.control.createWorkload({ displayName: "short secret", permissions: [], tenantId, secretLifetimeDays: 1 });
    expect(workload.secretExpiresAt).toBe(new Date(BASE + 86_400_000).toISOString());
    emulator.control.advanceClock(86_400_000 - 1);
    expect(await codeOf(workload)).toBe("ok");
    emulator.control.advanceClock(1);
    expect(await codeOf(workload)).toBe(AADSTS.EXPIRED_SECRET.code);
  });
});
