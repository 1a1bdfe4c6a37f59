// Test OIDC issuers served by the emulator: created and used from code and over the control API,
// their discovery documents and JWKS served without authentication, and the tokens they mint
// verifiable by any relying party (jose here) against what they publish.
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorError, startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { claimsOf, expectControlErrorShape, rawRequest, send } from "./helpers.ts";

const BASE = Date.parse("2031-03-01T08:00:00Z");
let emulator: Emulator;
let https: Emulator;

beforeAll(async () => {
  [emulator, https] = await Promise.all([startEmulator({ now: () => BASE }), startEmulator({ https: true })]);
});
afterAll(async () => {
  await Promise.all([emulator?.close(), https?.close()]);
});

const control = (method: string, path: string, body?: unknown) =>
  rawRequest(emulator, { method, path: `/_emulator${path}`, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("test issuers from code", () => {
  it("creates an issuer on the emulator's own origin and mints tokens with iss, sub, aud, iat, nbf, exp, jti", () => {
    const { name, issuer } = emulator.control.createIssuer({ name: "github" });
    expect({ name, issuer }).toEqual({ name: "github", issuer: `${emulator.authorityHost}/_issuers/github` });
    const { token } = emulator.control.mintToken("github", { subject: "repo:contoso/app:environment:production", audience: "api://AzureADTokenExchange" });
    const claims = claimsOf(token);
    const now = BASE / 1000;
    expect(claims).toMatchObject({ iss: issuer, sub: "repo:contoso/app:environment:production", aud: "api://AzureADTokenExchange", iat: now, nbf: now, exp: now + 3600 });
    expect(claims["jti"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.control.mintToken("github", { subject: "s", audience: "a" }).token).not.toBe(token);
  });

  it("mints on the emulator clock, with the lifetime and extra claims asked for", () => {
    emulator.control.createIssuer({ name: "clocked" });
    emulator.control.advanceClock(60_000);
    const claims = claimsOf(emulator.control.mintToken("clocked", { subject: "s", audience: "a", expiresInSeconds: 300, claims: { repository: "contoso/app", aud: ["a", "b"] } }).token);
    const now = BASE / 1000 + 60;
    expect(claims).toMatchObject({ iat: now, exp: now + 300, repository: "contoso/app", aud: ["a", "b"] });
  });

  it.each([
    ["a name with a dot", { name: "v2.0" }, "INVALID_ISSUER_NAME", 400],
    ["a name with a slash", { name: "a/b" }, "INVALID_ISSUER_NAME", 400],
    ["an empty name", { name: "" }, "INVALID_ISSUER_NAME", 400],
    ["a number as name", { name: 7 as unknown as string }, "INVALID_ISSUER_NAME", 400],
    ["a name in use", { name: "github" }, "ISSUER_EXISTS", 409],
  ])("refuses %s with EmulatorError %s", (_case, input, code, status) => {
    const error = (() => {
      try {
        emulator.control.createIssuer(input);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EmulatorError);
    expect({ code: (error as EmulatorError).code, status: (error as EmulatorError).status }).toEqual({ code, status });
  });

  it.each([
    ["an unknown issuer", "nobody", { subject: "s", audience: "a" }, "ISSUER_NOT_FOUND"],
    ["no subject", "github", { audience: "a" }, "INVALID_SUBJECT"],
    ["an empty audience", "github", { subject: "s", audience: "" }, "INVALID_AUDIENCE"],
    ["a lifetime of 0", "github", { subject: "s", audience: "a", expiresInSeconds: 0 }, "INVALID_LIFETIME"],
    ["a fractional lifetime", "github", { subject: "s", audience: "a", expiresInSeconds: 1.5 }, "INVALID_LIFETIME"],
    ["claims that are a list", "github", { subject: "s", audience: "a", claims: [] }, "INVALID_CLAIMS"],
  ])("refuses to mint with %s", (_case, name, input, code) => {
    expect(() => emulator.control.mintToken(name, input as never)).toThrow(expect.objectContaining({ code }) as Error);
  });
});

it.each([{ timeoutMs: 0 }, { timeoutMs: 1.5 }, { cacheMs: -1 }])("refuses externalIssuers %j at start", async (externalIssuers) => {
  await expect(startEmulator({ externalIssuers })).rejects.toThrow(RangeError);
});

describe("test issuers over the control API", () => {
  it("POST /issuers answers 201 {name, issuer}; POST /issuers/{name}/tokens answers 201 {token}; GET /issuers lists them", async () => {
    const created = await control("POST", "/issuers", { name: "k8s_cluster-1" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: "k8s_cluster-1", issuer: `${emulator.authorityHost}/_issuers/k8s_cluster-1` });
    const minted = await control("POST", "/issuers/k8s_cluster-1/tokens", { subject: "system:serviceaccount:sync:sync", audience: "api://AzureADTokenExchange", expiresInSeconds: 600 });
    expect(minted.status).toBe(201);
    expect(Object.keys(minted.body)).toEqual(["token"]);
    const claims = claimsOf(String(minted.body["token"]));
    expect(claims).toMatchObject({ iss: created.body["issuer"], sub: "system:serviceaccount:sync:sync", aud: "api://AzureADTokenExchange" });
    expect(Number(claims["exp"]) - Number(claims["iat"])).toBe(600);
    const listed = await control("GET", "/issuers");
    expect(listed.body).toEqual(expect.arrayContaining([{ name: "k8s_cluster-1", issuer: created.body["issuer"] }]));
  });

  it.each([
    ["POST /issuers with a bad name", "POST", "/issuers", { name: "a b" }, 400, "INVALID_ISSUER_NAME"],
    ["POST /issuers with no name", "POST", "/issuers", {}, 400, "INVALID_ISSUER_NAME"],
    ["POST /issuers with a name in use", "POST", "/issuers", { name: "github" }, 409, "ISSUER_EXISTS"],
    ["tokens of an unknown issuer", "POST", "/issuers/nobody/tokens", { subject: "s", audience: "a" }, 404, "ISSUER_NOT_FOUND"],
    ["tokens with a numeric subject", "POST", "/issuers/github/tokens", { subject: 1, audience: "a" }, 400, "INVALID_SUBJECT"],
    ["tokens with a string lifetime", "POST", "/issuers/github/tokens", { subject: "s", audience: "a", expiresInSeconds: "60" }, 400, "INVALID_LIFETIME"],
    ["DELETE /issuers", "DELETE", "/issuers", undefined, 405, "MethodNotAllowed"],
  ])("answers %s in the control API's error shape", async (_case, method, path, body, status, code) => {
    expectControlErrorShape(await control(method, path, body), status, code);
  });

  it("keeps the control API's rules: JSON only, no foreign Origin", async () => {
    const form = await rawRequest(emulator, { method: "POST", path: "/_emulator/issuers", headers: { "content-type": "text/plain" }, body: '{"name":"x"}' });
    expectControlErrorShape(form, 415, "UnsupportedMediaType");
    const foreign = await rawRequest(emulator, { method: "POST", path: "/_emulator/issuers/github/tokens", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: '{"subject":"s","audience":"a"}' });
    expectControlErrorShape(foreign, 403, "ForeignOrigin");
  });
});

describe("what an issuer publishes", () => {
  it("serves its discovery document and JWKS without authentication, and its tokens verify against them (HTTPS)", async () => {
    const { issuer } = https.control.createIssuer({ name: "gha" });
    const discovery = await send(https, "/_issuers/gha/.well-known/openid-configuration");
    expect(discovery.status).toBe(200);
    expect(discovery.body).toMatchObject({ issuer, jwks_uri: `${issuer}/.well-known/jwks`, id_token_signing_alg_values_supported: ["RS256"] });
    const jwks = await send(https, new URL(String(discovery.body["jwks_uri"])).pathname);
    expect(jwks.status).toBe(200);
    const keys = jwks.body["keys"] as Record<string, unknown>[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256", kid: expect.any(String) as unknown, n: expect.any(String) as unknown, e: "AQAB" });
    expect(Object.keys(keys[0] ?? {})).not.toContain("d");

    const { token } = https.control.mintToken("gha", { subject: "repo:o/r:ref:refs/heads/main", audience: "api://AzureADTokenExchange" });
    const verified = await jwtVerify(token, createLocalJWKSet(jwks.body as never), { issuer, audience: "api://AzureADTokenExchange", algorithms: ["RS256"] });
    expect(verified.protectedHeader).toMatchObject({ alg: "RS256", kid: keys[0]?.["kid"] });
    const other = https.control.createIssuer({ name: "other" });
    const forged = https.control.mintToken("other", { subject: "s", audience: "a", claims: { iss: issuer } }).token;
    await expect(jwtVerify(forged, createLocalJWKSet(jwks.body as never))).rejects.toThrow();
    expect(other.issuer).not.toBe(issuer);
  });

  it.each([
    ["an unknown issuer", "GET", "/_issuers/nobody/.well-known/openid-configuration", 404, "NotFound"],
    ["an unknown document", "GET", "/_issuers/github/.well-known/other", 404, "NotFound"],
    ["the bare prefix", "GET", "/_issuers", 404, "NotFound"],
    ["a POST to the JWKS", "POST", "/_issuers/github/.well-known/jwks", 405, "MethodNotAllowed"],
  ])("answers %s with a JSON error", async (_case, method, path, status, code) => {
    expectControlErrorShape(await rawRequest(emulator, { method, path }), status, code);
  });
});
