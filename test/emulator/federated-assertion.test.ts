// The token endpoint with federated assertions: an external OIDC token that matches one of the
// app's federated identity credentials gets a Graph token; anything else gets Entra's code, in
// Entra's error body, and never a 500 — an issuer whose keys cannot be fetched included.
import { generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AADSTS, createServerCredentials, startEmulator } from "../../emulator/index.ts";
import type { AadstsDefinition, Emulator, WorkloadCredentials } from "../../emulator/index.ts";
import { startStallServer, type StallServer } from "../verify/helpers/stall-server.ts";
import { AUDIENCE, dropSecret, trust } from "./fixtures/federation.ts";
import { claimsOf, expectAadstsShape, graph, GRAPH_SCOPE, send, tokenRequest } from "./helpers.ts";
import { freePort } from "../helpers/free-port.ts";

const SUBJECT = "repo:contoso/directory-sync:environment:production";
let emulator: Emulator;
/** Another emulator with the same TLS identity: an external identity provider the first one trusts. */
let idp: Emulator;
let stall: StallServer;
let closedPort: number;
let workload: Omit<WorkloadCredentials, "clientSecret">;
let issuer: string;
let external: string;


beforeAll(async () => {
  const tls = createServerCredentials(new Date());
  [emulator, idp, stall, closedPort] = await Promise.all([
    startEmulator({ tls, externalIssuers: { timeoutMs: 500 } }), startEmulator({ tls }), startStallServer(), freePort(),
  ]);
  issuer = emulator.control.createIssuer({ name: "github" }).issuer;
  emulator.control.createIssuer({ name: "elsewhere" });
  external = idp.control.createIssuer({ name: "cluster" }).issuer;
  const created = emulator.control.createWorkload({ displayName: "federated only", permissions: ["User.Read.All"] });
  await trust(emulator, created, [
    { issuer, subject: SUBJECT, name: "github-production" },
    { issuer: external, subject: "system:serviceaccount:sync:sync", name: "cluster" },
    { issuer: `https://127.0.0.1:${closedPort}/refused`, subject: SUBJECT, name: "refused" },
    { issuer: stall.origin, subject: SUBJECT, name: "stalled" },
    { issuer: `${idp.authorityHost}/_issuers/missing`, subject: SUBJECT, name: "missing" },
  ]);
  workload = await dropSecret(emulator, created);
}, 60_000);

afterAll(async () => {
  await Promise.all([emulator?.close(), idp?.close(), stall?.close()]);
});

const exchange = (assertion: string, on: Emulator = emulator, who: Pick<WorkloadCredentials, "tenantId" | "clientId"> = workload) =>
  tokenRequest(on, who.tenantId, {
    grant_type: "client_credentials", client_id: who.clientId, scope: GRAPH_SCOPE,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion,
  });
const mint = (subject = SUBJECT, extra: { audience?: string; claims?: Record<string, unknown>; from?: string } = {}): string =>
  emulator.control.mintToken(extra.from ?? "github", { subject, audience: extra.audience ?? AUDIENCE, ...(extra.claims ? { claims: extra.claims } : {}) }).token;
const nowSeconds = (): number => Math.floor(emulator.control.now() / 1000);

/** A token naming the trusted issuer and its key id, but signed with a key the issuer never published. */
async function forged(alg: "RS256" | "PS256"): Promise<string> {
  const jwks = await send(emulator, "/_issuers/github/.well-known/jwks");
  const kid = String((jwks.body["keys"] as Record<string, unknown>[])[0]?.["kid"]);
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return new SignJWT({ jti: "forged" }).setProtectedHeader({ alg, kid }).setIssuer(issuer).setSubject(SUBJECT).setAudience(AUDIENCE)
    .setIssuedAt(nowSeconds()).setNotBefore(nowSeconds()).setExpirationTime(nowSeconds() + 600).sign(privateKey);
}

describe("federated assertions", () => {
  it("exchange a token of an emulator issuer for a Graph token (appidacr 2) that reads /v1.0/users, with no secret on the app", async () => {
    const response = await exchange(mint());
    expect(response.status, response.text).toBe(200);
    const token = String(response.body["access_token"]);
    expect(claimsOf(token)).toMatchObject({ appid: workload.clientId, appidacr: "2", roles: ["User.Read.All"], tid: workload.tenantId, idtyp: "app" });
    expect((await graph(emulator, token, "GET", "/users?$top=1")).status).toBe(200);
  });

  it("exchange a token of an external issuer, fetching its discovery document and JWKS once over HTTPS", async () => {
    idp.control.clearRequests();
    for (let i = 0; i < 2; i++) {
      const assertion = idp.control.mintToken("cluster", { subject: "system:serviceaccount:sync:sync", audience: AUDIENCE }).token;
      const response = await exchange(assertion);
      expect(response.status, response.text).toBe(200);
      expect(claimsOf(String(response.body["access_token"]))).toMatchObject({ appidacr: "2" });
    }
    expect(idp.control.requests().map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/_issuers/cluster/.well-known/openid-configuration", 200],
      ["GET", "/_issuers/cluster/.well-known/jwks", 200],
    ]);
  });

  type Refusal = [string, AadstsDefinition, () => string | Promise<string>, RegExp?];
  const refusals: Refusal[] = [
    ["a token with another subject", AADSTS.FEDERATED_SUBJECT, () => mint("repo:contoso/directory-sync:environment:staging"), /subject 'repo:contoso\/directory-sync:environment:staging'/],
    ["a subject that differs only in letter case", AADSTS.FEDERATED_SUBJECT_CASE, () => mint(SUBJECT.replace("production", "Production")), /case-insensitive/],
    ["a token of an issuer the app does not trust", AADSTS.FEDERATED_ISSUER, () => mint(SUBJECT, { from: "elsewhere" }), /issuer 'http.*\/_issuers\/elsewhere'/],
    ["the trusted issuer with a trailing slash", AADSTS.FEDERATED_ISSUER, () => mint(SUBJECT, { claims: { iss: `${issuer}/` } })],
    ["a token for another audience", AADSTS.FEDERATED_AUDIENCE, () => mint(SUBJECT, { audience: "api://AzureADTokenExchangeChina" }), /audience 'api:\/\/AzureADTokenExchangeChina'/],
    ["an expired token", AADSTS.ASSERTION_TIME, () => mint(SUBJECT, { claims: { iat: nowSeconds() - 1000, nbf: nowSeconds() - 1000, exp: nowSeconds() - 400 } }), /not within its valid time range/],
    ["a token not valid yet", AADSTS.ASSERTION_TIME, () => mint(SUBJECT, { claims: { nbf: nowSeconds() + 600, exp: nowSeconds() + 1200 } })],
    ["a token signed by another issuer's key (a kid the issuer does not publish)", AADSTS.FEDERATED_KEY_NOT_FOUND, () => mint(SUBJECT, { from: "elsewhere", claims: { iss: issuer } }), /could not be found in the metadata of identity provider/],
    ["a token with the issuer's kid and another key's signature", AADSTS.FEDERATED_SIGNATURE, () => forged("RS256"), /did not match/],
    ["a token signed with PS256", AADSTS.FEDERATED_SIGNATURE, () => forged("PS256"), /RS256/],
    ["a token without exp", AADSTS.ASSERTION_MALFORMED, () => mint(SUBJECT, { claims: { exp: null } })],
    ["an issuer that refuses the connection", AADSTS.EXTERNAL_OIDC_FAILED, () => mint(SUBJECT, { claims: { iss: `https://127.0.0.1:${closedPort}/refused` } }), /Request to External OIDC endpoint failed\. \(GET https:\/\/127\.0\.0\.1:\d+\/refused\/\.well-known\/openid-configuration failed: ECONNREFUSED\)/],
    ["an issuer that accepts the connection and never answers", AADSTS.EXTERNAL_OIDC_FAILED, () => mint(SUBJECT, { claims: { iss: stall.origin } }), /did not answer within 500 ms/],
    ["an issuer whose discovery document is missing (404)", AADSTS.EXTERNAL_OIDC_FAILED, () => mint(SUBJECT, { claims: { iss: `${idp.authorityHost}/_issuers/missing` } }), /HTTP 404/],
  ];

  it.each(refusals)("refuse %s with Entra's code and error body", async (_case, expected, make, message) => {
    const response = await exchange(await make());
    expect({ status: response.status, code: (response.body["error_codes"] as number[])[0], error: response.body["error"] })
      .toEqual({ status: expected.status, code: expected.code, error: expected.error });
    expectAadstsShape(response, expected.code);
    if (message) expect(String(response.body["error_description"])).toMatch(message);
  });

  it("refuse an app with no federated credential at all with AADSTS70021, naming the token's issuer, subject and audience", async () => {
    const plain = emulator.control.createWorkload({ displayName: "no trust", permissions: [] });
    const response = await exchange(mint(), emulator, plain);
    expectAadstsShape(response, AADSTS.FEDERATED_NO_RECORD.code);
    expect(String(response.body["error_description"])).toContain(`Assertion Issuer: '${issuer}'. Assertion Subject: '${SUBJECT}'. Assertion Audience: '${AUDIENCE}'.`);
  });

  it("refuse a credential created moments ago until the tenant's replication delay has passed", async () => {
    const { tenantId } = emulator.control.createTenant();
    const fresh = emulator.control.createWorkload({ displayName: "fresh trust", permissions: ["User.Read.All"], tenantId });
    await trust(emulator, fresh, [{ issuer, subject: SUBJECT }]);
    // Set after the deployer signed in: replication is judged at each request, from each object's creation.
    emulator.control.setReplicationDelays(tenantId, { secretMs: 20_000 });
    // Its only credential has not replicated: to the token endpoint the app trusts nothing yet.
    expectAadstsShape(await exchange(mint(), emulator, fresh), AADSTS.FEDERATED_NO_RECORD.code);
    emulator.control.advanceClock(20_000);
    expect((await exchange(mint(), emulator, fresh)).status).toBe(200);
  });
});
