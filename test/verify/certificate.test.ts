// The certificate credential end to end: a certificate registered on the app through Graph (as a
// deployer would), then verify signs client assertions with it instead of sending a secret.
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate, type WorkloadCredentials } from "../../emulator/index.ts";
import { verifyWorkload, type VerifyReport } from "../../verify/index.ts";
import { dropSecret, registerCertificates } from "../emulator/fixtures/federation.ts";
import { outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";
import { runCli } from "./helpers/run-cli.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

let fx: VerifyFixture;
let w: WorkloadCredentials;
let dir: string;
const now = Date.now();
const cert = createSelfSignedRsaCertificate({ subject: "verify-cert-test", notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000) });
const pem = `${cert.privateKeyPem}${cert.pem}`;

/** Registers the certificate on the workload's app with a deployer's token (PATCH keyCredentials). */
async function registerCertificate(): Promise<void> {
  const deployer = fx.emu.control.createDeployer({ tenantId: w.tenantId });
  fx.guard.secret(deployer.clientSecret);
  const form = new URLSearchParams({ client_id: deployer.clientId, client_secret: deployer.clientSecret, scope: `${fx.emu.graphEndpoint}/.default`, grant_type: "client_credentials" });
  const tokenRes = await request(`${fx.emu.authorityHost}/${w.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, dispatcher: fx.dispatcher });
  const { access_token: token } = (await tokenRes.body.json()) as { access_token: string };
  fx.guard.secret(token);
  const patch = await request(`${fx.emu.graphEndpoint}/v1.0/applications/${w.applicationObjectId}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key: cert.der.toString("base64") }] }),
    dispatcher: fx.dispatcher,
  });
  await patch.body.dump();
  expect(patch.statusCode).toBe(204);
}

beforeAll(async () => {
  fx = await startFixture({ https: true });
  dir = mkdtempSync(join(tmpdir(), "verify-cert-"));
  w = fx.workload(["User.Read.All"]);
  fx.guard.secret(cert.privateKeyPem.split("\n").slice(1, -2).join(""));
  await registerCertificate();
});
afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => fx.guard.check());

describe("certificate credential", () => {
  it.each(["PS256", "RS256"] as const)("passes with a %s client assertion and never sends the secret", async (assertionAlgorithm) => {
    const { clientSecret: _unused, ...outputs } = outputsFor(fx.emu, w);
    const report = await verifyWorkload(outputs, { dispatcher: fx.dispatcher, certificatePem: pem, assertionAlgorithm });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    expect(report.target.credential).toBe("certificate");
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ["credential", "pass"],
      ["certificate-expiry", "pass"],
      ["token", "pass"],
      ["claims", "pass"],
      ["roles", "pass"],
      ["probe GET /v1.0/users?$top=1&$select=id", "pass"],
    ]);
  });

  it("fails with AADSTS700027 for a certificate the app does not know", async () => {
    const stranger = createSelfSignedRsaCertificate({ subject: "stranger", notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000 * 30) });
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, certificatePem: `${stranger.privateKeyPem}${stranger.pem}`, warnDays: 7 });
    fx.guard.output("report", report);
    expect(report.checks.find((c) => c.name === "token")).toMatchObject({ status: "fail", code: "AADSTS700027" });
    expect(report.checks.find((c) => c.name === "token")?.fix).toMatch(/Upload the certificate/);
  });

  it("passes a certificate-only workload (no secret on the app, no clientSecret output) with --certificate, appidacr 2", async () => {
    const created = fx.workload(["User.Read.All"]);
    await registerCertificates(fx.emu, created, [cert]);
    const only = await dropSecret(fx.emu, created);
    const thumbprint = cert.thumbprintSha1.toString("hex").toUpperCase();
    const outputs = {
      tenantId: only.tenantId, clientId: only.clientId, servicePrincipalObjectId: only.servicePrincipalObjectId, permissions: only.permissions,
      authorityHost: fx.emu.authorityHost, graphEndpoint: fx.emu.graphEndpoint, scope: `${fx.emu.graphEndpoint}/.default`,
      certificates: { "sync-2026": { thumbprint, expiresAt: new Date(now + 365 * 86_400_000).toISOString(), keyId: randomUUID() } },
    };
    const outputsFile = join(dir, "certificate-only.json");
    const certFile = join(dir, "certificate-only.pem");
    writeFileSync(outputsFile, JSON.stringify(outputs));
    writeFileSync(certFile, pem, { mode: 0o600 });
    const r = await runCli(["--outputs", outputsFile, "--certificate", certFile, "--json"], { env: { NODE_EXTRA_CA_CERTS: fx.emu.caFile } });
    fx.guard.output("stdout", r.stdout);
    fx.guard.output("stderr", r.stderr);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report).toMatchObject({ ok: true, target: { credential: "certificate" } });
    expect(report.checks.find((c) => c.name === "claims")?.detail).toContain("appidacr 2");

    const without = await runCli(["--outputs", outputsFile, "--json"], { env: { NODE_EXTRA_CA_CERTS: fx.emu.caFile } });
    expect(without.code).toBe(2);
    expect(without.stdout).toContain("it has certificates: give the private key with --certificate");
  });

  it("uses AZURE_CLIENT_CERTIFICATE_PATH from the environment in the CLI", async () => {
    const file = join(dir, "client.pem");
    writeFileSync(file, pem);
    const r = await runCli(["--json", "--permissions", "User.Read.All"], {
      env: { AZURE_TENANT_ID: w.tenantId, AZURE_CLIENT_ID: w.clientId, AZURE_CLIENT_CERTIFICATE_PATH: file, AZURE_AUTHORITY_HOST: fx.emu.authorityHost, NODE_EXTRA_CA_CERTS: fx.emu.caFile },
    });
    fx.guard.output("stdout", r.stdout);
    fx.guard.output("stderr", r.stderr);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, target: { credential: "certificate" } });
  });
});
