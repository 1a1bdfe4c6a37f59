import { UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { checkClaims, decodeAccessToken, missingRoles, TokenUnreadableError } from "../../verify/claims.ts";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "3f2f4d4e-1111-4222-8333-444455556666";
const SP = "9a9a9a9a-1111-4222-8333-444455556666";
const NOW = Date.parse("2026-03-01T12:00:00Z");

function token(claims: Record<string, unknown>): string {
  return new UnsecuredJWT({ aud: "https://graph.microsoft.com", tid: TENANT, appid: CLIENT, idtyp: "app", oid: SP, exp: NOW / 1000 + 3600, roles: ["User.Read.All"], ...claims }).encode();
}
const expected = { scope: "https://graph.microsoft.com/.default", tenantId: TENANT, clientId: CLIENT, servicePrincipalObjectId: SP, nowMs: NOW };

describe("claims", () => {
  it("accepts a v1 app-only Graph token for this workload", () => {
    expect(checkClaims(decodeAccessToken(token({})), expected)).toEqual([]);
  });

  it.each([
    ["Graph's app id as audience", { aud: "00000003-0000-0000-c000-000000000000" }],
    ["the resource with a trailing slash", { aud: "https://graph.microsoft.com/" }],
    ["azp instead of appid (v2)", { appid: undefined, azp: CLIENT }],
    ["no idtyp (older tokens)", { idtyp: undefined }],
    ["upper-case GUIDs", { tid: TENANT.toUpperCase() }],
  ])("accepts %s", (_what, claims) => {
    expect(checkClaims(decodeAccessToken(token(claims)), expected)).toEqual([]);
  });

  it("names every mismatching claim with what was expected", () => {
    const claims = decodeAccessToken(token({ aud: "https://management.azure.com", tid: "00000000-0000-0000-0000-000000000001", appid: "00000000-0000-0000-0000-000000000002", idtyp: "user", oid: "00000000-0000-0000-0000-000000000003", exp: NOW / 1000 - 3600 }));
    expect(checkClaims(claims, expected).map((m) => [m.claim, m.expected])).toEqual([
      ["aud", "https://graph.microsoft.com"],
      ["tid", TENANT],
      ["appid", CLIENT],
      ["idtyp", "app"],
      ["oid", SP],
      ["exp", "after 2026-03-01T12:00:00.000Z"],
    ]);
  });

  it.each([
    ["appidacr 2", { appidacr: "2" }, []],
    ["azpacr 2 (v2 tokens)", { azpacr: "2" }, []],
    ["appidacr 1 (a secret)", { appidacr: "1" }, [{ claim: "appidacr", expected: "2 (a certificate or federated credential)", actual: "1" }]],
    ["no appidacr", {}, [{ claim: "appidacr", expected: "2 (a certificate or federated credential)", actual: "(none)" }]],
  ])("expects appidacr 2 of a certificate or federated sign-in: %s", (_what, claims, mismatches) => {
    expect(checkClaims(decodeAccessToken(token(claims)), { ...expected, appidacr: "2" })).toEqual(mismatches);
  });

  it("leaves appidacr unchecked for a secret", () => {
    expect(checkClaims(decodeAccessToken(token({ appidacr: "2" })), expected)).toEqual([]);
  });

  it("tolerates 5 minutes of clock skew on exp", () => {
    expect(checkClaims(decodeAccessToken(token({ exp: NOW / 1000 - 60 })), expected)).toEqual([]);
  });

  it("does not compare tid when the tenant is given as a domain name", () => {
    expect(checkClaims(decodeAccessToken(token({ tid: "00000000-0000-0000-0000-000000000001" })), { ...expected, tenantId: "contoso.onmicrosoft.com" })).toEqual([]);
  });

  it("names the expected roles the token lacks (role values are case-sensitive); no roles claim means none", () => {
    expect(missingRoles(decodeAccessToken(token({ roles: ["User.Read.All", "group.read.all"] })), ["User.Read.All", "Group.Read.All"])).toEqual(["Group.Read.All"]);
    expect(missingRoles(decodeAccessToken(token({ roles: undefined })), ["User.Read.All"])).toEqual(["User.Read.All"]);
  });

  it("refuses a token that is not a JWT without quoting it", () => {
    const opaque = "opaque-token-value-1234567890";
    const err = (() => {
      try {
        decodeAccessToken(opaque);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(TokenUnreadableError);
    expect(err?.message).not.toContain(opaque);
  });
});
