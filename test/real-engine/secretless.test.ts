// Credentials beyond the client secret on the real engine: a secretless stack whose only credential
// is a federated one (an emulator issuer stands in for GitHub or a cluster), and a stack with a
// certificate; the Azure SDK's own credentials sign in with them.

import { ClientAssertionCredential, ClientCertificateCredential } from "@azure/identity";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate } from "../../emulator/index.ts";
import { verifyWorkload, type StackOutputs } from "../../verify/index.ts";
import { plainOutputs, startWorld, type EngineWorld } from "./helpers.ts";

const SUBJECT = "repo:contoso/directory-sync:environment:production";
const AUDIENCE = "api://AzureADTokenExchange";
let world: EngineWorld;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

async function readUsers(outputs: Record<string, unknown>, token: string): Promise<number> {
  const response = await fetch(`${String(outputs["graphEndpoint"])}/v1.0/users?$top=1&$select=id`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  return response.status;
}

describe("credentials beyond the client secret, on the real engine", () => {
  it("secretless with one federated credential: no password, no clientSecret output; the SDK signs in with the platform's token", async () => {
    const { issuer } = world.emulator.control.createIssuer({ name: "ci" });
    const stack = await world.stack("secretless", {
      permissions: ["User.Read.All"],
      secretless: "true",
      federatedCredentials: JSON.stringify([{ issuer, subject: SUBJECT, name: "ci-production" }]),
    });
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const state = JSON.parse(await world.stateText("secretless")) as { checkpoint: { latest: { resources: { type: string }[] } } };
    expect(state.checkpoint.latest.resources.filter((r) => r.type.endsWith("ApplicationPassword"))).toHaveLength(0);
    const outputs = await plainOutputs(stack);
    expect(outputs).not.toHaveProperty("clientSecret");
    expect(outputs["federatedCredentials"]).toEqual({ "ci-production": { issuer, subject: SUBJECT, audiences: [AUDIENCE] } });

    const assertion = (subject: string) => async () => world.emulator.control.mintToken("ci", { subject, audience: AUDIENCE }).token;
    const options = { authorityHost: String(outputs["authorityHost"]), disableInstanceDiscovery: true };
    const credential = new ClientAssertionCredential(String(outputs["tenantId"]), String(outputs["clientId"]), assertion(SUBJECT), options);
    const token = await credential.getToken(String(outputs["scope"]));
    expect(await readUsers(outputs, token.token)).toBe(200);

    const stranger = new ClientAssertionCredential(String(outputs["tenantId"]), String(outputs["clientId"]), assertion("repo:contoso/directory-sync:environment:staging"), options);
    await expect(stranger.getToken(String(outputs["scope"]))).rejects.toThrow(/AADSTS70021|AADSTS700213/);

    await stack.destroy();
    expect(world.objectsCreated()).toEqual([]);
  });

  it("a certificate stack: the SDK's certificate credential and verify --certificate both pass", async () => {
    const now = world.emulator.control.now();
    const cert = createSelfSignedRsaCertificate({ subject: "directory-sync", notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 90 * 86_400_000) });
    // A second one as a file, relative to the project folder (Pulumi.yaml's), as users commit it.
    const second = createSelfSignedRsaCertificate({ subject: "directory-sync-next", notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 90 * 86_400_000) });
    await mkdir(join(world.runDir, "work-certificate", "certs"), { recursive: true });
    await writeFile(join(world.runDir, "work-certificate", "certs", "next.pem"), second.pem);
    const stack = await world.stack("certificate", { permissions: ["User.Read.All"], certificates: JSON.stringify([{ pem: cert.pem, name: "sync-2026" }, { file: "certs/next.pem", name: "sync-next" }]) });
    await stack.up();
    const outputs = await plainOutputs(stack);
    expect(outputs["certificates"]).toMatchObject({
      "sync-2026": { thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/) as unknown },
      "sync-next": { thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/) as unknown },
    });

    const pem = `${cert.privateKeyPem}${cert.pem}`;
    const credential = new ClientCertificateCredential(String(outputs["tenantId"]), String(outputs["clientId"]), { certificate: pem }, { authorityHost: String(outputs["authorityHost"]), disableInstanceDiscovery: true });
    const token = await credential.getToken(String(outputs["scope"]));
    expect(await readUsers(outputs, token.token)).toBe(200);

    const { clientSecret: _secret, ...withoutSecret } = outputs;
    const report = await verifyWorkload(withoutSecret as unknown as StackOutputs, { certificatePem: pem, now: () => world.emulator.control.now() });
    expect(report.ok).toBe(true);
    await stack.destroy();
  });
});
