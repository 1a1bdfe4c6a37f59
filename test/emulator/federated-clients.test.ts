// @azure/identity's credentials for workloads without a client secret, against the emulator over
// HTTPS: ClientAssertionCredential and WorkloadIdentityCredential with a token of an emulator issuer
// (an app with only a federated credential), ClientCertificateCredential with a certificate added
// through Graph (an app with only that certificate).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate, startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { AUDIENCE, dropSecret, registerCertificates, trust } from "./fixtures/federation.ts";
import { GRAPH_SCOPE } from "./helpers.ts";

const run = promisify(execFile);
const fixture = fileURLToPath(new URL("./fixtures/federated-clients.ts", import.meta.url));
const SUBJECT = "system:serviceaccount:directory-sync:directory-sync";

type Outcome = { ok: boolean; claims?: Record<string, unknown>; graphStatus?: number; error?: string };
let emulator: Emulator;
let dir: string;
let results: Record<string, Outcome>;
let ids: { federated: string; certificate: string };

beforeAll(async () => {
  emulator = await startEmulator({ https: true });
  dir = mkdtempSync(join(tmpdir(), "federated-clients-"));
  const { issuer } = emulator.control.createIssuer({ name: "cluster" });
  const federated = emulator.control.createWorkload({ displayName: "federated only", permissions: ["User.Read.All"] });
  await trust(emulator, federated, [{ issuer, subject: SUBJECT }]);
  await dropSecret(emulator, federated);

  const now = emulator.control.now();
  const cert = createSelfSignedRsaCertificate({ subject: "certificate only", notBefore: new Date(now - 3_600_000), notAfter: new Date(now + 30 * 86_400_000) });
  const certified = emulator.control.createWorkload({ displayName: "certificate only", permissions: ["User.Read.All"] });
  await registerCertificates(emulator, certified, [cert]);
  await dropSecret(emulator, certified);
  ids = { federated: federated.clientId, certificate: certified.clientId };

  const goodToken = emulator.control.mintToken("cluster", { subject: SUBJECT, audience: AUDIENCE }).token;
  const tokenFile = join(dir, "token");
  writeFileSync(tokenFile, goodToken);
  const inputFile = join(dir, "input.json");
  writeFileSync(inputFile, JSON.stringify({
    authorityHost: emulator.authorityHost, tenantId: federated.tenantId, federatedClientId: federated.clientId, goodToken,
    strangerToken: emulator.control.mintToken("cluster", { subject: "system:serviceaccount:other:other", audience: AUDIENCE }).token,
    tokenFile, certificateClientId: certified.clientId, certificatePem: `${cert.privateKeyPem}${cert.pem}`, scope: GRAPH_SCOPE,
  }), { mode: 0o600 });
  const { stdout } = await run(process.execPath, [fixture, inputFile], { env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caFile }, timeout: 60_000 });
  results = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as typeof results;
}, 90_000);

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("@azure/identity without a client secret, over HTTPS", () => {
  it.each([
    ["ClientAssertionCredential with an emulator issuer's token", "clientAssertion", "federated"],
    ["WorkloadIdentityCredential with the token in a file (as Kubernetes projects it)", "workloadIdentity", "federated"],
    ["ClientCertificateCredential with a certificate added through Graph (PATCH keyCredentials)", "certificateOnly", "certificate"],
  ] as const)("%s gets a Graph token (appidacr 2) that reads /v1.0/users", (_name, key, app) => {
    const result = results[key];
    expect(result?.error).toBeUndefined();
    expect(result?.claims).toEqual({ appid: ids[app], appidacr: "2", roles: ["User.Read.All"] });
    expect(result?.graphStatus).toBe(200);
  });

  it("surfaces AADSTS700213 through ClientAssertionCredential for a token with another subject", () => {
    expect(results["clientAssertionStranger"]?.ok).toBe(false);
    expect(results["clientAssertionStranger"]?.error).toContain("AADSTS700213");
    expect(results["clientAssertionStranger"]?.error).toContain("system:serviceaccount:other:other");
  });
});
