import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { claimsOf, getToken, send } from "./helpers.ts";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

const post = (path: string, body: unknown) => send(emulator, `/_emulator${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("HTTP control API", () => {
  it("POST /workloads answers the DESIGN.md contract fields and a working identity", async () => {
    const response = await post("/workloads", { displayName: "from http", permissions: ["User.Read.All", "Group.Read.All"] });
    expect(response.status).toBe(201);
    expect(response.body).toEqual(expect.objectContaining({
      tenantId: emulator.defaultTenantId, clientId: expect.any(String), clientSecret: expect.any(String),
      applicationObjectId: expect.any(String), servicePrincipalObjectId: expect.any(String),
      secretKeyId: expect.any(String), secretExpiresAt: expect.any(String), permissions: ["User.Read.All", "Group.Read.All"],
    }));
    const token = await getToken(emulator, response.body as { tenantId: string; clientId: string; clientSecret: string });
    expect(claimsOf(token).roles).toEqual(["Group.Read.All", "User.Read.All"]);
  });

  it("creates tenants and deployers, and workloads in a chosen tenant", async () => {
    const tenant = await post("/tenants", { displayName: "Second" });
    expect(tenant.status).toBe(201);
    const tenantId = String(tenant.body.tenantId);
    const deployer = await post("/deployers", { tenantId });
    expect(deployer.body).toMatchObject({ tenantId, permissions: ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"] });
    const workload = await post("/workloads", { displayName: "tenant two", permissions: [], tenantId });
    expect(workload.body.tenantId).toBe(tenantId);
    const objects = await send(emulator, `/_emulator/tenants/${tenantId}/objects`);
    expect((objects.body.applications as { displayName: string }[]).map((app) => app.displayName).sort()).toEqual(["emulator deployer", "tenant two"]);
    expect((objects.body.appRoleAssignments as unknown[]).length).toBe(2);
  });

  it.each([
    ["an unknown permission", { displayName: "x", permissions: ["User.Read.Everything"] }, "UNKNOWN_PERMISSION"],
    ["a delegated-only permission", { displayName: "x", permissions: ["User.Read"] }, "UNKNOWN_PERMISSION"],
    ["a missing displayName", { permissions: [] }, "INVALID_DISPLAY_NAME"],
    ["permissions that are not a list", { displayName: "x", permissions: "User.Read.All" }, "INVALID_PERMISSIONS"],
    ["an unknown tenant", { displayName: "x", permissions: [], tenantId: "11111111-2222-3333-4444-555555555555" }, "TENANT_NOT_FOUND"],
  ])("refuses a workload with %s, naming the problem", async (_name, body, code) => {
    const response = await post("/workloads", body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body).toMatchObject({ error: { code } });
  });

  it("explains a delegated-only permission name", () => {
    expect(() => emulator.control.createWorkload({ displayName: "x", permissions: ["User.Read"] })).toThrow(/delegated permission only/);
  });

  it("lists and clears the request log", async () => {
    await send(emulator, "/_emulator/requests", { method: "DELETE" });
    await send(emulator, `/${emulator.defaultTenantId}/v2.0/.well-known/openid-configuration`);
    const log = await send(emulator, "/_emulator/requests");
    // The listing request itself is in flight while it is answered: status 0.
    expect(log.body).toEqual([
      expect.objectContaining({ method: "GET", path: `/${emulator.defaultTenantId}/v2.0/.well-known/openid-configuration`, route: "discovery", status: 200 }),
      expect.objectContaining({ method: "GET", path: "/_emulator/requests", route: "control", status: 0 }),
    ]);
  });

  it("answers 404 and 405 with a hint, and 400 for a body that is not JSON", async () => {
    expect((await send(emulator, "/_emulator/nothing")).status).toBe(404);
    expect((await send(emulator, "/_emulator/workloads")).status).toBe(405);
    const bad = await send(emulator, "/_emulator/workloads", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(bad.status).toBe(400);
  });

  it("answers 404 for paths the emulator does not serve", async () => {
    expect((await send(emulator, "/nothing/here")).status).toBe(404);
  });
});
