import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate, startEmulator } from "../../emulator/index.ts";
import type { Emulator, WorkloadCredentials } from "../../emulator/index.ts";
import { getToken, graph, GRAPH_SCOPE } from "./helpers.ts";

const run = promisify(execFile);
const fixture = fileURLToPath(new URL("./fixtures/real-clients.ts", import.meta.url));

describe("Microsoft's own clients against the emulator over HTTPS", () => {
  let emulator: Emulator;
  let workload: WorkloadCredentials;
  let results: Record<string, { ok: boolean; claims?: Record<string, unknown>; graphStatus?: number; error?: string }>;

  beforeAll(async () => {
    emulator = await startEmulator({ https: true });
    workload = emulator.control.createWorkload({ displayName: "real-clients", permissions: ["User.Read.All"] });
    const deployer = emulator.control.createDeployer();
    const deployerToken = await getToken(emulator, deployer);
    const now = Date.now();
    const cert = createSelfSignedRsaCertificate({ subject: "real-clients", notBefore: new Date(now - 3_600_000), notAfter: new Date(now + 86_400_000) });
    const patched = await graph(emulator, deployerToken, "PATCH", `/applications/${workload.applicationObjectId}`, {
      keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key: cert.der.toString("base64"), displayName: "CN=real-clients" }],
    });
    expect(patched.status).toBe(204);
    const input = {
      authorityHost: emulator.authorityHost, tenantId: workload.tenantId, clientId: workload.clientId, clientSecret: workload.clientSecret,
      certificatePem: `${cert.privateKeyPem}${cert.pem}`, privateKeyPem: cert.privateKeyPem,
      thumbprintSha1Hex: cert.thumbprintSha1.toString("hex").toUpperCase(), scope: GRAPH_SCOPE,
    };
    const { stdout } = await run(process.execPath, [fixture, JSON.stringify(input)], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caFile }, timeout: 60_000,
    });
    results = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as typeof results;
  }, 90_000);

  afterAll(async () => {
    await emulator?.close();
  });

  it.each([
    ["@azure/identity ClientSecretCredential", "identitySecret", "1"],
    ["@azure/identity ClientCertificateCredential (PS256, x5t#S256)", "identityCertificate", "2"],
    ["@azure/msal-node with a client secret", "msalSecret", "1"],
    ["@azure/msal-node with a certificate (RS256, x5t)", "msalCertificateSha1", "2"],
  ])("%s gets a Graph token that Graph accepts", (_name, key, appidacr) => {
    const result = results[key];
    expect(result?.error).toBeUndefined();
    expect(result?.claims).toEqual({ aud: "https://graph.microsoft.com", appid: workload.clientId, appidacr, roles: ["User.Read.All"], tid: workload.tenantId });
    expect(result?.graphStatus).toBe(200);
  });

  it("surfaces the AADSTS code of a wrong secret through @azure/identity", () => {
    expect(results.identityWrongSecret?.ok).toBe(false);
    expect(results.identityWrongSecret?.error).toContain("AADSTS7000215");
  });

  it("surfaces an unknown tenant through @azure/msal-node", () => {
    expect(results.msalUnknownTenant?.ok).toBe(false);
    expect(results.msalUnknownTenant?.error).toMatch(/90002|invalid_tenant|endpoints_resolution_error/);
  });
});
