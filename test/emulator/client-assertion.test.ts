import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AADSTS, createSelfSignedRsaCertificate, startEmulator } from "../../emulator/index.ts";
import type { AadstsDefinition, Emulator, KeyPairCertificate, WorkloadCredentials } from "../../emulator/index.ts";
import { claimsOf, expectAadstsShape, getToken, graph, GRAPH_SCOPE, tokenRequest } from "./helpers.ts";

const BASE = Date.parse("2031-06-01T12:00:00Z");
let emulator: Emulator;
let workload: WorkloadCredentials;
let cert: KeyPairCertificate;
let stranger: KeyPairCertificate;     // never registered
let shortLived: KeyPairCertificate;   // registered, expires after an hour

beforeAll(async () => {
  emulator = await startEmulator({ now: () => BASE });
  workload = emulator.control.createWorkload({ displayName: "cert workload", permissions: ["User.Read.All"] });
  const validity = { notBefore: new Date(BASE - 86_400_000), notAfter: new Date(BASE + 30 * 86_400_000) };
  cert = createSelfSignedRsaCertificate({ subject: "CN=cert workload", ...validity });
  stranger = createSelfSignedRsaCertificate({ subject: "CN=stranger", ...validity });
  shortLived = createSelfSignedRsaCertificate({ subject: "CN=short", notBefore: validity.notBefore, notAfter: new Date(BASE + 3_600_000) });
  const deployer = await getToken(emulator, emulator.control.createDeployer());
  const key = (c: KeyPairCertificate) => ({ type: "AsymmetricX509Cert", usage: "Verify", key: c.der.toString("base64") });
  expect((await graph(emulator, deployer, "PATCH", `/applications/${workload.applicationObjectId}`, { keyCredentials: [key(cert), key(shortLived)] })).status).toBe(204);
});

afterAll(async () => {
  await emulator?.close();
});

const endpoint = (): string => `${emulator.authorityHost}/${workload.tenantId}/oauth2/v2.0/token`;

interface AssertionOptions {
  alg?: "RS256" | "PS256";
  signer?: KeyPairCertificate;
  thumbprintOf?: KeyPairCertificate;
  claims?: Record<string, unknown>;
  omit?: string[];
}

async function assertion(options: AssertionOptions = {}): Promise<string> {
  const alg = options.alg ?? "RS256";
  const thumbprintOf = options.thumbprintOf ?? options.signer ?? cert;
  const header = alg === "PS256"
    ? { alg, typ: "JWT", "x5t#S256": thumbprintOf.thumbprintSha256.toString("base64url") }
    : { alg, typ: "JWT", x5t: thumbprintOf.thumbprintSha1.toString("base64url") };
  const now = Math.floor(emulator.control.now() / 1000);
  const claims: Record<string, unknown> = { aud: endpoint(), iss: workload.clientId, sub: workload.clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600, ...options.claims };
  for (const name of options.omit ?? []) delete claims[name];
  return new SignJWT(claims).setProtectedHeader(header).sign((options.signer ?? cert).privateKey);
}

const request = (clientAssertion: string, type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") =>
  tokenRequest(emulator, workload.tenantId, { grant_type: "client_credentials", client_id: workload.clientId, scope: GRAPH_SCOPE, client_assertion_type: type, client_assertion: clientAssertion });

describe("certificate client assertions", () => {
  it.each([
    ["RS256 with x5t (SHA-1 thumbprint)", (): AssertionOptions => ({ alg: "RS256" })],
    ["PS256 with x5t#S256 (SHA-256 thumbprint)", (): AssertionOptions => ({ alg: "PS256" })],
    ["nbf one second after iat, as @azure/identity sends", (): AssertionOptions => ({ claims: { nbf: Math.floor(BASE / 1000) + 1 } })],
    ["an assertion that expired within the five minutes of skew", (): AssertionOptions => ({ claims: { exp: Math.floor(BASE / 1000) - 200 } })],
    ["aud naming the tenant's v1 token endpoint", (): AssertionOptions => ({ claims: { aud: `${emulator.authorityHost}/${workload.tenantId}/oauth2/token` } })],
  ])("accepts %s and issues a certificate token (appidacr 2)", async (_name, options) => {
    const response = await request(await assertion(options()));
    expect(response.status).toBe(200);
    expect(claimsOf(String(response.body.access_token))).toMatchObject({ appidacr: "2", appid: workload.clientId, roles: ["User.Read.All"] });
  });

  type Case = [string, AadstsDefinition, () => Promise<string> | string, string?];
  const now = (): number => Math.floor(emulator.control.now() / 1000);
  const cases: Case[] = [
    ["a certificate not registered on the app", AADSTS.ASSERTION_KEY_NOT_FOUND, () => assertion({ signer: stranger })],
    ["a registered thumbprint but another key's signature", AADSTS.ASSERTION_SIGNATURE, () => assertion({ signer: stranger, thumbprintOf: cert })],
    ["an audience that is not the token endpoint", AADSTS.ASSERTION_AUDIENCE, () => assertion({ claims: { aud: "https://login.microsoftonline.com/common/oauth2/v2.0/token" } })],
    ["an issuer that is not the client id", AADSTS.ASSERTION_SUBJECT, () => assertion({ claims: { iss: randomUUID() } })],
    ["a subject that is not the client id", AADSTS.ASSERTION_SUBJECT, () => assertion({ claims: { sub: randomUUID() } })],
    ["an expired assertion", AADSTS.ASSERTION_TIME, () => assertion({ claims: { exp: now() - 400, iat: now() - 1000, nbf: now() - 1000 } })],
    ["an assertion valid only in the future", AADSTS.ASSERTION_TIME, () => assertion({ claims: { nbf: now() + 600, exp: now() + 1200 } })],
    ["an assertion without jti", AADSTS.ASSERTION_MALFORMED, () => assertion({ omit: ["jti"] })],
    ["something that is not a JWT", AADSTS.ASSERTION_MALFORMED, () => "not.a.jwt"],
    ["a wrong client_assertion_type", AADSTS.ASSERTION_TYPE, () => assertion(), "urn:example:other"],
  ];

  it.each(cases)("refuses %s", async (_name, expected, make, type) => {
    const response = await request(await make(), type);
    expect({ status: response.status, code: (response.body.error_codes as number[])[0], error: response.body.error })
      .toEqual({ status: expected.status, code: expected.code, error: expected.error });
    expectAadstsShape(response, expected.code);
  });

  it("refuses a registered certificate once its key credential has expired (runs last: moves the clock)", async () => {
    expect((await request(await assertion({ signer: shortLived }))).status).toBe(200);
    emulator.control.advanceClock(2 * 3_600_000);
    const response = await request(await assertion({ signer: shortLived }));
    expect(response.body.error_codes).toEqual([AADSTS.ASSERTION_KEY_EXPIRED.code]);
    expect(String(response.body.error_description)).toContain("The key used is expired");
  });
});
