import { describe, expect, it } from "vitest";
import { VerifyInputError } from "../../verify/errors.ts";
import { parseTarget } from "../../verify/target.ts";
import type { StackOutputs } from "../../verify/types.ts";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "3f2f4d4e-1111-4222-8333-444455556666";
const base: StackOutputs = { tenantId: TENANT, clientId: CLIENT, clientSecret: "s3cr3t~value.with_chars-0123456789abcdef" };

const problemsOf = (outputs: StackOutputs, options = {}) => {
  try {
    parseTarget(outputs, options);
  } catch (err) {
    if (err instanceof VerifyInputError) return err.problems.map((p) => p.input);
    throw err;
  }
  return [];
};

describe("parseTarget", () => {
  it("defaults to the public cloud and derives scope and token URL", () => {
    const t = parseTarget(base);
    expect(t).toMatchObject({
      authorityHost: "https://login.microsoftonline.com",
      graphEndpoint: "https://graph.microsoft.com",
      scope: "https://graph.microsoft.com/.default",
      credential: { kind: "secret" },
      permissions: undefined,
    });
    expect(t.tokenUrl.href).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
  });

  it.each([
    ["https://login.microsoftonline.us", "https://graph.microsoft.us"],
    ["https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn"],
    ["http://127.0.0.1:8443", "http://127.0.0.1:8443"],
  ])("maps authority host %s to its cloud's Graph endpoint %s", (authorityHost, graph) => {
    expect(parseTarget({ ...base, authorityHost }).graphEndpoint).toBe(graph);
  });

  it("lets options override the outputs' endpoints and permissions", () => {
    const t = parseTarget({ ...base, permissions: ["User.Read.All"] }, { authorityHost: "https://localhost:9000", graphEndpoint: "https://localhost:9001", permissions: ["Group.Read.All"] });
    expect(t).toMatchObject({ authorityHost: "https://localhost:9000", graphEndpoint: "https://localhost:9001", permissions: ["Group.Read.All"] });
  });

  it.each(["http://login.microsoftonline.com", "http://10.0.0.5:8080", "ftp://127.0.0.1"])("accepts %s only over https (http only for loopback)", (authorityHost) => {
    expect(problemsOf({ ...base, authorityHost })).toEqual(["authorityHost"]);
  });

  it("refuses an authority host with the tenant in its path, and says where the tenant goes", () => {
    expect(() => parseTarget({ ...base, authorityHost: `https://login.microsoftonline.com/${TENANT}` })).toThrow(/the tenant goes in tenantId/);
  });

  it("lists every problem at once", () => {
    expect(problemsOf({ tenantId: "not a tenant", clientId: "app-name", clientSecret: "[secret]", clientSecretExpiresAt: "soon", permissions: ["User.Read.All", "https://graph.microsoft.com/x"] }, { probes: ["POST /v1.0/users"], timeoutMs: -1 })).toEqual([
      "tenantId",
      "clientId",
      "clientSecret",
      "permissions",
      "clientSecretExpiresAt",
      "--probe",
      "timeoutMs (--timeout)",
    ]);
  });

  it("explains a masked secret: the outputs were exported without --show-secrets", () => {
    expect(() => parseTarget({ ...base, clientSecret: "[secret]" })).toThrow(/--show-secrets/);
  });

  it("accepts a certificate instead of a secret, PS256 by default", () => {
    const t = parseTarget({ tenantId: TENANT, clientId: CLIENT }, { certificatePem: "-----BEGIN CERTIFICATE-----" });
    expect(t.credential).toEqual({ kind: "certificate", pem: "-----BEGIN CERTIFICATE-----", algorithm: "PS256" });
  });

  it("takes a federated token file or GitHub's token instead of a secret; GitHub's audience from the outputs' one audience", () => {
    expect(parseTarget({ tenantId: TENANT, clientId: CLIENT }, { federatedTokenFile: "/t" }).credential).toEqual({ kind: "federated", source: { kind: "file", path: "/t" } });
    const federatedCredentials = { prod: { issuer: "https://token.actions.githubusercontent.com", subject: "repo:o/r:environment:prod", audiences: ["api://custom"] } };
    expect(parseTarget({ tenantId: TENANT, clientId: CLIENT, federatedCredentials }, { githubOidc: { requestUrl: "https://x.example/idtoken?api-version=2.0", requestToken: "rt" } }).credential)
      .toEqual({ kind: "federated", source: { kind: "github-actions", requestUrl: "https://x.example/idtoken?api-version=2.0", requestToken: "rt", audience: "api://custom" } });
  });

  it.each([
    ["no credential at all", {}, ["credential"], /--federated-token-file FILE \(or AZURE_FEDERATED_TOKEN_FILE\), --github-oidc \(inside a GitHub Actions job\), or --certificate FILE/],
    ["two credentials", { certificatePem: "x", federatedTokenFile: "/t" }, ["credential"], /a run signs in with one credential/],
    ["GitHub's URL over plain http to another host", { githubOidc: { requestUrl: "http://pipelines.example/x", requestToken: "rt" } }, ["ACTIONS_ID_TOKEN_REQUEST_URL"], /must be https/],
    ["an empty GitHub request token", { githubOidc: { requestUrl: "https://pipelines.example/x", requestToken: "" } }, ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"], /id-token: write/],
  ])("refuses %s, naming the options", (_case, options, inputs, message) => {
    expect(problemsOf({ tenantId: TENANT, clientId: CLIENT }, options)).toEqual(inputs);
    expect(() => parseTarget({ tenantId: TENANT, clientId: CLIENT }, options)).toThrow(message);
  });

  it("refuses malformed federatedCredentials outputs", () => {
    expect(problemsOf({ ...base, federatedCredentials: { a: { issuer: "x", subject: 1, audiences: [] } } as never })).toEqual(["federatedCredentials.a"]);
  });

  it("accepts a verified domain as tenant", () => {
    expect(parseTarget({ ...base, tenantId: "contoso.onmicrosoft.com" }).tenantId).toBe("contoso.onmicrosoft.com");
  });

  it("takes the deploy time from options, else from a clientSecretCreatedAt output", () => {
    expect(parseTarget({ ...base, clientSecretCreatedAt: "2026-01-01T00:00:00Z" }).deployedAt).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(parseTarget({ ...base, clientSecretCreatedAt: "2026-01-01T00:00:00Z" }, { deployedAt: 5 }).deployedAt).toBe(5);
    expect(parseTarget(base).deployedAt).toBeUndefined();
  });

  it("reads both secret slots' expiry", () => {
    const t = parseTarget({ ...base, clientSecretExpiresAt: "2027-01-01T00:00:00Z", previousClientSecretExpiresAt: "2026-06-01T00:00:00Z" });
    expect([t.secretExpiresAt?.toISOString(), t.previousSecretExpiresAt?.toISOString()]).toEqual(["2027-01-01T00:00:00.000Z", "2026-06-01T00:00:00.000Z"]);
  });
});
