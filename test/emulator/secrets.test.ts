import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClock } from "../../emulator/clock.ts";
import { createControl } from "../../emulator/control/operations.ts";
import { createDirectory } from "../../emulator/directory.ts";
import { createFaults } from "../../emulator/faults.ts";
import { startEmulator } from "../../emulator/index.ts";
import { createRequestLog } from "../../emulator/request-log.ts";
import { createIssuerRegistry } from "../../emulator/issuers/registry.ts";
import { createMemoryStore } from "../../emulator/store/memory.ts";
import { generateClientSecret, secretMatches } from "../../emulator/store/secrets.ts";
import { getToken, graph, GRAPH_SCOPE, send, tokenRequest } from "./helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("client secrets", () => {
  it("look like Entra's: 40 characters, a 3-character prefix, the 8Q~ marker, URL-unsafe characters included", () => {
    const secrets = Array.from({ length: 200 }, generateClientSecret);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9]{3}8Q~[A-Za-z0-9~._-]{34}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(secrets.every((secret) => secret.slice(6).includes("~"))).toBe(true);
  });

  it("are stored only as a salted hash: the store holds no secret text, and the hash verifies it", () => {
    const store = createMemoryStore();
    const clock = createClock();
    const directory = createDirectory(store, clock);
    const tenant = directory.createTenant();
    const control = createControl({ directory, clock, faults: createFaults(), log: createRequestLog(), issuers: createIssuerRegistry(), defaultTenantId: tenant.id, origin: () => "http://127.0.0.1:1" });
    const workload = control.createWorkload({ displayName: "hashed", permissions: ["User.Read.All"] });

    const dump = inspect(store.applications(tenant.id), { depth: 10 });
    expect(dump).not.toContain(workload.clientSecret);
    const [credential] = store.applications(tenant.id)[0]?.passwordCredentials ?? [];
    expect(credential?.hash).toBeDefined();
    expect(credential?.hash).not.toBe(workload.clientSecret);
    expect(secretMatches(workload.clientSecret, credential ?? { salt: "", hash: "" })).toBe(true);
    expect(secretMatches(`${workload.clientSecret}x`, credential ?? { salt: "", hash: "" })).toBe(false);
    expect(JSON.stringify(control.objects(tenant.id))).not.toContain(workload.clientSecret);
  });

  it("never appear in the emulator's output, request log, objects() or Graph reads, whatever the outcome", async () => {
    const written: string[] = [];
    const capture = (chunk: unknown): boolean => (written.push(String(chunk)), true);
    vi.spyOn(process.stdout, "write").mockImplementation(capture);
    vi.spyOn(process.stderr, "write").mockImplementation(capture);
    for (const method of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, method).mockImplementation((...args) => void written.push(args.join(" ")));

    const emulator = await startEmulator();
    try {
      const workload = emulator.control.createWorkload({ displayName: "secretive", permissions: ["Application.Read.All"] });
      const token = await getToken(emulator, workload);
      // A secret sent in the query string by mistake must not be logged either.
      await tokenRequest(emulator, workload.tenantId, {}, { query: `?client_secret=${encodeURIComponent(workload.clientSecret)}` });
      await tokenRequest(emulator, workload.tenantId, { grant_type: "client_credentials", client_id: workload.clientId, client_secret: `${workload.clientSecret}x`, scope: GRAPH_SCOPE });
      const apps = await graph(emulator, token, "GET", "/applications");
      const requests = await send(emulator, "/_emulator/requests");
      const objects = await send(emulator, `/_emulator/tenants/${workload.tenantId}/objects`);
      for (const text of [apps.text, requests.text, objects.text, JSON.stringify(emulator.control.requests()), written.join("\n")]) {
        expect(text).not.toContain(workload.clientSecret);
        expect(text).not.toContain(token);
      }
      expect(written).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
