import { importX509, jwtVerify, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate } from "../../emulator/index.ts";
import { createClientAssertion, parseCertificatePem } from "../../verify/assertion.ts";
import { credentialChecks, looksLikeSecretId } from "../../verify/credential.ts";

const NOW = Date.parse("2026-03-01T00:00:00Z");
const CLIENT = "3f2f4d4e-1111-4222-8333-444455556666";
const AUDIENCE = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token";
const cert = createSelfSignedRsaCertificate({ subject: "verify-test", notBefore: new Date(NOW - 86_400_000), notAfter: new Date(NOW + 365 * 86_400_000) });
const pem = `${cert.privateKeyPem}\n${cert.pem}`;

describe("secret id detection", () => {
  it.each([
    ["a GUID", "0b4a5c3e-7f41-4c8e-9e7a-2d9f6c1b8a70", true],
    ["a braced GUID", "{0B4A5C3E-7F41-4C8E-9E7A-2D9F6C1B8A70}", true],
    ["a secret value", "Xy8Q~k3v.Tq0Lh9_aZr4NwBs7Pc2Ue6Mf1Jd5Gi0", false],
    ["a value that contains a GUID", "x0b4a5c3e-7f41-4c8e-9e7a-2d9f6c1b8a70", false],
  ])("%s looks like a secret id: %s", (_what, secret, expected) => {
    expect(looksLikeSecretId(secret)).toBe(expected);
  });

  it("recognises the known key id of the stack's secret whatever its shape", () => {
    expect(looksLikeSecretId("key-1234", "KEY-1234")).toBe(true);
  });

  it("fails the credential check before any request for a secret id", () => {
    const result = credentialChecks({ credential: { kind: "secret", secret: "0b4a5c3e-7f41-4c8e-9e7a-2d9f6c1b8a70" }, nowMs: NOW, warnDays: 30 });
    expect(result.usable).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: "credential", status: "fail", code: "ERR_SECRET_LOOKS_LIKE_ID" });
  });
});

describe("certificate credential", () => {
  it("reads key and certificate from one PEM and computes both thumbprints", () => {
    const material = parseCertificatePem(pem);
    expect(material.x5t).toBe(cert.thumbprintSha1.toString("base64url"));
    expect(material.x5tS256).toBe(cert.thumbprintSha256.toString("base64url"));
  });

  it.each([
    ["no certificate", cert.privateKeyPem, /no certificate/],
    ["no key", cert.pem, /no private key/],
    ["a key of another certificate", `${createSelfSignedRsaCertificate({ subject: "other", notBefore: new Date(NOW), notAfter: new Date(NOW + 1e9) }).privateKeyPem}\n${cert.pem}`, /does not belong/],
  ])("refuses a PEM with %s, without quoting key material", (_what, text, message) => {
    const result = credentialChecks({ credential: { kind: "certificate", pem: text, algorithm: "PS256" }, nowMs: NOW, warnDays: 30 });
    expect(result.usable).toBe(false);
    expect(result.checks[0]).toMatchObject({ status: "fail", code: "ERR_CERTIFICATE" });
    expect(result.checks[0]!.detail).toMatch(message);
    expect(JSON.stringify(result)).not.toContain("PRIVATE KEY");
  });

  it("checks the certificate's validity period", () => {
    const result = credentialChecks({ credential: { kind: "certificate", pem, algorithm: "PS256" }, nowMs: NOW + 400 * 86_400_000, warnDays: 30 });
    expect(result.usable).toBe(false);
    expect(result.checks.map((c) => [c.name, c.status])).toEqual([["credential", "pass"], ["certificate-expiry", "fail"]]);
  });

  it.each([
    ["PS256", "x5t#S256", cert.thumbprintSha256],
    ["RS256", "x5t", cert.thumbprintSha1],
  ] as const)("signs a %s client assertion with %s, aud = token endpoint, iss = sub = client id", async (alg, thumbprintHeader, thumbprint) => {
    const assertion = await createClientAssertion({ pem, algorithm: alg, clientId: CLIENT, audience: AUDIENCE, nowMs: NOW });
    const header = decodeProtectedHeader(assertion);
    expect(header).toMatchObject({ alg, typ: "JWT", [thumbprintHeader]: thumbprint.toString("base64url") });
    const { payload } = await jwtVerify(assertion, await importX509(cert.pem, alg), { currentDate: new Date(NOW), audience: AUDIENCE, issuer: CLIENT, subject: CLIENT });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect([payload.nbf, payload.exp! - payload.iat!]).toEqual([NOW / 1000, 600]);
  });
});
