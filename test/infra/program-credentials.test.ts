// Federated credentials, certificates and secretless stacks, as the program registers them (mocks).
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate } from "../../emulator/index.ts";
import { runProgram, stackOutputs, type ProgramRun, type RunOptions } from "./helpers/mock-program.ts";

const DAY = 86_400_000;
const github = (environment: string) => ({ github: "contoso/sync", environment });
const cert = createSelfSignedRsaCertificate({ subject: "sync", notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 60 * DAY) });

async function succeed(options: RunOptions): Promise<ProgramRun> {
  const run = await runProgram(options);
  if (run.error !== undefined) throw run.error;
  return run;
}
const named = (run: ProgramRun, type: string) => run.registrations.filter((r) => r.type === `azuread:index/${type}`);

describe("credentials beyond the client secret", () => {
  it("secretless with one GitHub credential: no password, no clientSecret output, the credential with GitHub's subject", async () => {
    const run = await succeed({ config: { permissions: '["User.Read.All"]', secretless: "true", federatedCredentials: JSON.stringify([github("production")]) } });
    expect(named(run, "applicationPassword:ApplicationPassword")).toHaveLength(0);
    const [fic] = named(run, "applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential");
    expect(fic?.name).toBe("workload-identity-fic-github-contoso-sync-environment-production");
    expect(fic?.inputs).toMatchObject({
      displayName: "github-contoso-sync-environment-production",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/sync:environment:production",
      audiences: ["api://AzureADTokenExchange"],
    });
    const outputs = await stackOutputs(run);
    for (const key of ["clientSecret", "clientSecretKeyId", "clientSecretExpiresAt", "rotationState", "nextRotationAt", "credentialsExpireAt"]) expect(outputs, key).not.toHaveProperty(key);
    expect(outputs["federatedCredentials"]).toEqual({
      "github-contoso-sync-environment-production": { issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/sync:environment:production", audiences: ["api://AzureADTokenExchange"] },
    });
    // No hook: the deployer holds no credential a secretless identity signs in with.
    expect(run.registrations.filter((r) => r.type === "pulumi:index:Stash")).toHaveLength(0);
    // No StackReference read: there is no rotation to remember.
    expect(run.registrations.filter((r) => r.type === "pulumi:pulumi:StackReference")).toHaveLength(0);
  });

  it("keys federated credentials by name: reordering the list registers the same resources", async () => {
    const list = [github("production"), github("staging"), { github: "contoso/sync", branch: "main" }];
    const a = await succeed({ config: { permissions: '["User.Read.All"]', federatedCredentials: JSON.stringify(list) } });
    const b = await succeed({ config: { permissions: '["User.Read.All"]', federatedCredentials: JSON.stringify([...list].reverse()) } });
    const byName = (run: ProgramRun) => Object.fromEntries(named(run, "applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential").map((r) => [r.name, r.inputs["subject"]]));
    expect(byName(a)).toEqual(byName(b));
    expect(Object.keys(byName(a))).toHaveLength(3);
  });

  it("registers a certificate with the dates it carries, and outputs its thumbprint; the earliest expiry is the certificate's", async () => {
    const run = await succeed({ config: { permissions: '["User.Read.All"]', certificates: JSON.stringify([{ pem: cert.pem, name: "sync-2026" }]) } });
    const [registered] = named(run, "applicationCertificate:ApplicationCertificate");
    expect(registered?.name).toBe("workload-identity-cert-sync-2026");
    expect(registered?.inputs).toMatchObject({ encoding: "pem", type: "AsymmetricX509Cert", endDate: new Date(new X509Certificate(cert.pem).validTo).toISOString().replace(/\.000Z$/, "Z") });
    expect(JSON.stringify(registered?.inputs["value"])).toContain("BEGIN CERTIFICATE");
    const outputs = await stackOutputs(run);
    expect(outputs["certificates"]).toEqual({ "sync-2026": { thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/) as unknown, expiresAt: registered?.inputs["endDate"], keyId: expect.any(String) as unknown } });
    // The certificate ends in 60 days, the secret in 194: the certificate is the earliest.
    expect(outputs["credentialsExpireAt"]).toBe(registered?.inputs["endDate"]);
    expect(outputs).toHaveProperty("clientSecret");
  });

  it.each([
    ["secretless with nothing to sign in with", { secretless: "true" }],
    ["a private key in certificates", { certificates: JSON.stringify([{ pem: `${cert.privateKeyPem}${cert.pem}` }]) }],
    ["a GitHub credential without its job kind", { federatedCredentials: JSON.stringify([{ github: "contoso/sync" }]) }],
    ["21 federated credentials", { federatedCredentials: JSON.stringify(Array.from({ length: 21 }, (_, i) => github(`env${i}`))) }],
  ])("refuses %s before registering any resource", async (_label, extra) => {
    const run = await runProgram({ config: { permissions: '["User.Read.All"]', ...extra } });
    expect(run.error).toMatchObject({ code: "ERR_WORKLOAD_CONFIG" });
    expect(run.registrations.filter((r) => r.custom)).toEqual([]);
  });
});
