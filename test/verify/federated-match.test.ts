import { describe, expect, it } from "vitest";
import { decodeFederatedToken } from "../../verify/federated-claims.ts";
import { describeFederatedClaims, matchFederatedCredentials, subjectMeaning } from "../../verify/federated-match.ts";
import { githubAudience } from "../../verify/target-credential.ts";
import type { FederatedCredentialOutput } from "../../verify/types.ts";

const GITHUB = "https://token.actions.githubusercontent.com";
const AKS = "https://westeurope.oic.prod-aks.azure.com/0000/1111/";
const AUD = "api://AzureADTokenExchange";
const credentials: Record<string, FederatedCredentialOutput> = {
  "github-production": { issuer: GITHUB, subject: "repo:contoso/sync:environment:production", audiences: [AUD] },
  "github-main": { issuer: GITHUB, subject: "repo:contoso/sync:ref:refs/heads/main", audiences: [AUD] },
  cluster: { issuer: AKS, subject: "system:serviceaccount:sync:sync", audiences: [AUD] },
};
const claims = (iss: string, sub: string, aud: string[] = [AUD]) => ({ iss, sub, aud });

describe("subjects as the platforms issue them", () => {
  it.each([
    ["repo:contoso/sync:environment:production", { platform: "github", repo: "contoso/sync", selector: "environment", value: "production" }],
    ["repo:contoso/sync:ref:refs/heads/feature/x", { platform: "github", repo: "contoso/sync", selector: "branch", value: "feature/x" }],
    ["repo:contoso/sync:ref:refs/tags/v1.2.0", { platform: "github", repo: "contoso/sync", selector: "tag", value: "v1.2.0" }],
    ["repo:contoso/sync:pull_request", { platform: "github", repo: "contoso/sync", selector: "pullRequest" }],
    ["system:serviceaccount:directory-sync:reader", { platform: "kubernetes", namespace: "directory-sync", serviceAccount: "reader" }],
    ["repo:contoso/sync:job_workflow_ref:contoso/sync/.github/workflows/x.yml@refs/heads/main", { platform: "other" }],
    ["anything", { platform: "other" }],
  ])("reads %s", (subject, meaning) => {
    expect(subjectMeaning(subject)).toEqual(meaning);
  });
});

describe("matching a federated token with the app's federated credentials", () => {
  it("names the credential whose issuer, subject and an audience all match exactly", () => {
    expect(matchFederatedCredentials(claims(GITHUB, "repo:contoso/sync:ref:refs/heads/main", ["other", AUD]), credentials)).toEqual({ kind: "match", name: "github-main" });
  });

  it("explains a job in another environment: which claim, what it is, what is expected, and the fix", () => {
    const result = matchFederatedCredentials(claims(GITHUB, "repo:contoso/sync:environment:staging"), { "github-production": credentials["github-production"]! });
    expect(result).toMatchObject({ kind: "mismatch", claim: "sub", code: "ERR_FEDERATED_SUBJECT_MISMATCH", actual: "repo:contoso/sync:environment:staging", expected: ["repo:contoso/sync:environment:production"], credentials: ["github-production"] });
    if (result.kind !== "mismatch") throw new Error("expected a mismatch");
    expect(result.detail).toBe(`sub is "repo:contoso/sync:environment:staging"; credential 'github-production' of issuer "${GITHUB}" expects "repo:contoso/sync:environment:production"`);
    expect(result.fix).toBe(
      "The job runs in environment staging of contoso/sync; credential 'github-production' trusts jobs in environment production of contoso/sync. "
      + 'Add a federated credential for it (federatedCredentials: - {github: "contoso/sync", environment: "staging"}) and run `pulumi up`, or run the job in environment production.',
    );
  });

  it.each([
    ["a job on a branch", "repo:contoso/sync:ref:refs/heads/dev", /runs on branch dev of contoso\/sync; credentials 'github-production', 'github-main' trust jobs in environment production of contoso\/sync or jobs on branch main of contoso\/sync\. Add a federated credential for it \(federatedCredentials: - \{github: "contoso\/sync", branch: "dev"\}\)/],
    ["a pull request", "repo:contoso/sync:pull_request", /runs for a pull request of contoso\/sync;.*\{github: "contoso\/sync", pullRequest: true\}\) and run `pulumi up`\.$/],
    ["another repository", "repo:contoso/other:environment:production", /runs in environment production of contoso\/other;.*`pulumi up`\.$/],
  ])("explains %s", (_case, sub, fix) => {
    const result = matchFederatedCredentials(claims(GITHUB, sub), credentials);
    expect(result.kind === "mismatch" ? result.fix : "").toMatch(fix);
  });

  it("explains a pod of another service account", () => {
    const result = matchFederatedCredentials(claims(AKS, "system:serviceaccount:sync:writer"), credentials);
    expect(result.kind === "mismatch" && result.fix).toBe(
      "The pod runs as service account writer in namespace sync; credential 'cluster' trusts pods that run as service account sync in namespace sync. "
      + `Add a federated credential for it (federatedCredentials: - {kubernetes: {issuer: "${AKS}", namespace: "sync", serviceAccount: "writer"}}) and run \`pulumi up\`, or run the pod as service account sync in namespace sync.`,
    );
  });

  it("says when a subject differs only in letter case (Entra matches case-sensitively)", () => {
    const result = matchFederatedCredentials(claims(GITHUB, "repo:Contoso/sync:environment:Production"), credentials);
    expect(result.kind === "mismatch" && result.fix).toMatch(/only in letter case.*case-sensitively/);
  });

  it("checks the issuer first, and says when it differs only in a trailing slash", () => {
    const slash = matchFederatedCredentials(claims(AKS.slice(0, -1), "system:serviceaccount:sync:sync"), credentials);
    expect(slash).toMatchObject({ claim: "iss", code: "ERR_FEDERATED_ISSUER_MISMATCH", expected: [GITHUB, AKS] });
    expect(slash.kind === "mismatch" && slash.fix).toMatch(/only in a trailing slash/);
    const other = matchFederatedCredentials(claims("https://gitlab.example", "project_path:g/p:ref_type:branch:ref:main"), credentials);
    expect(other.kind === "mismatch" && other.fix).toMatch(/Add a federated credential for issuer "https:\/\/gitlab.example" \(federatedCredentials: - \{issuer: "https:\/\/gitlab.example", subject: "project_path:g\/p:ref_type:branch:ref:main"\}\)/);
  });

  it("checks the audience last, among the credentials whose issuer and subject match", () => {
    const result = matchFederatedCredentials(claims(AKS, "system:serviceaccount:sync:sync", ["https://kubernetes.default.svc"]), credentials);
    expect(result).toMatchObject({ claim: "aud", code: "ERR_FEDERATED_AUDIENCE_MISMATCH", actual: "https://kubernetes.default.svc", expected: [AUD], credentials: ["cluster"] });
  });

  it("finds nothing to match when the app has no federated credential", () => {
    expect(matchFederatedCredentials(claims(GITHUB, "x"), {})).toMatchObject({ claim: "iss", detail: `iss is "${GITHUB}"; the credentials trust no issuer` });
  });
});

describe("reading a federated token", () => {
  const jwt = (payload: unknown) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2ln`;

  it("reads iss, sub, aud (string or list) and the lifetime, and describes them without the token", () => {
    const read = decodeFederatedToken(jwt({ iss: GITHUB, sub: "s", aud: AUD, exp: 2_000_000_000, nbf: 1_999_999_000 }), "the file t");
    expect(read).toEqual({ iss: GITHUB, sub: "s", aud: [AUD], exp: 2_000_000_000, nbf: 1_999_999_000 });
    expect(describeFederatedClaims(read)).toBe(`iss "${GITHUB}", sub "s", aud "${AUD}", expires 2033-05-18T03:33:20.000Z`);
  });

  it.each([
    ["not a JWT", "hello", /not a readable JWT/],
    ["no subject", jwt({ iss: GITHUB, aud: [AUD] }), /has no sub claim/],
    ["no issuer nor audience", jwt({ sub: "s", aud: [] }), /has no iss, aud claim/],
  ])("refuses %s with ERR_FEDERATED_TOKEN, naming the source", (_case, token, message) => {
    expect(() => decodeFederatedToken(token, "the file t")).toThrow(expect.objectContaining({ code: "ERR_FEDERATED_TOKEN", message: expect.stringMatching(message) as string }) as Error);
    expect(() => decodeFederatedToken(token, "the file t")).toThrow(/the file t/);
  });
});

describe("the audience --github-oidc asks for", () => {
  it.each([
    [undefined, AUD],
    [{}, AUD],
    [{ a: { issuer: GITHUB, subject: "s", audiences: ["api://custom"] } }, "api://custom"],
    [{ a: { issuer: GITHUB, subject: "s", audiences: ["api://custom"] }, b: { issuer: GITHUB, subject: "t", audiences: ["api://custom"] } }, "api://custom"],
    [{ a: { issuer: GITHUB, subject: "s", audiences: ["api://one"] }, b: { issuer: GITHUB, subject: "t", audiences: ["api://two"] } }, AUD],
  ])("with federated credentials %j is %s", (federated, audience) => {
    expect(githubAudience(federated)).toBe(audience);
  });
});
