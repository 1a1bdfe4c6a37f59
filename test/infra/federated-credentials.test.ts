import { describe, expect, it } from "vitest";
import { ProblemList } from "../../infra/config-values.ts";
import { DEFAULT_AUDIENCE, defaultName, GITHUB_ISSUER, parseFederatedCredentials } from "../../infra/federated-credentials.ts";

function parse(value: unknown) {
  const problems = new ProblemList();
  const specs = parseFederatedCredentials(value, problems);
  return { specs, problems: problems.items.map((p) => ({ key: p.key, code: p.code })) };
}

describe("federated credentials from config", () => {
  it.each([
    [{ github: "contoso/sync", environment: "production" }, "repo:contoso/sync:environment:production"],
    [{ github: "contoso/sync", branch: "main" }, "repo:contoso/sync:ref:refs/heads/main"],
    [{ github: "contoso/sync", tag: "v1.2.0" }, "repo:contoso/sync:ref:refs/tags/v1.2.0"],
    [{ github: "contoso/sync", pullRequest: true }, "repo:contoso/sync:pull_request"],
  ])("builds GitHub's subject for %j", (item, subject) => {
    expect(parse([item]).specs).toEqual([expect.objectContaining({ issuer: GITHUB_ISSUER, subject, audiences: [DEFAULT_AUDIENCE] })]);
  });

  it("builds a Kubernetes service account's subject, with the cluster's issuer", () => {
    const { specs } = parse([{ kubernetes: { issuer: "https://oidc.prod-aks.azure.com/abc/", namespace: "sync", serviceAccount: "directory-sync" } }]);
    expect(specs).toEqual([{ name: "k8s-sync-directory-sync", issuer: "https://oidc.prod-aks.azure.com/abc/", subject: "system:serviceaccount:sync:directory-sync", audiences: [DEFAULT_AUDIENCE], description: "Kubernetes service account sync/directory-sync" }]);
  });

  it("takes any issuer and subject, with the audience given", () => {
    const { specs } = parse([{ issuer: "https://gitlab.example.com", subject: "project_path:g/p:ref_type:branch:ref:main", audiences: ["https://gitlab.example.com"], name: "gitlab-main" }]);
    expect(specs?.[0]).toMatchObject({ name: "gitlab-main", audiences: ["https://gitlab.example.com"] });
  });

  it("derives stable names Entra accepts, whatever the order of the list", () => {
    const a = parse([{ github: "contoso/sync", environment: "prod" }, { github: "contoso/sync", branch: "main" }]).specs?.map((s) => s.name);
    const b = parse([{ github: "contoso/sync", branch: "main" }, { github: "contoso/sync", environment: "prod" }]).specs?.map((s) => s.name);
    expect(a).toEqual(["github-contoso-sync-environment-prod", "github-contoso-sync-branch-main"]);
    expect([...(b ?? [])].sort()).toEqual([...(a ?? [])].sort());
    expect(defaultName(["x"])).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/);
    expect(defaultName(["github", "o/r", "branch", "feature/".repeat(40)])).toHaveLength(120);
  });

  it.each([
    ["a repo that is not OWNER/REPO", [{ github: "contoso", branch: "main" }], { key: "federatedCredentials[0].github", code: "INVALID_VALUE" }],
    ["no job kind", [{ github: "contoso/sync" }], { key: "federatedCredentials[0]", code: "REQUIRED" }],
    ["two job kinds", [{ github: "contoso/sync", branch: "main", tag: "v1" }], { key: "federatedCredentials[0]", code: "CONFLICT" }],
    ["a full ref as branch", [{ github: "contoso/sync", branch: "refs/heads/main" }], { key: "federatedCredentials[0].branch", code: "INVALID_VALUE" }],
    ["pullRequest other than true", [{ github: "contoso/sync", pullRequest: "yes" }], { key: "federatedCredentials[0].pullRequest", code: "INVALID_VALUE" }],
    ["an http issuer", [{ issuer: "http://idp.example.com", subject: "s" }], { key: "federatedCredentials[0].issuer", code: "INVALID_VALUE" }],
    ["two audiences", [{ issuer: "https://idp.example.com", subject: "s", audiences: ["a", "b"] }], { key: "federatedCredentials[0].audiences", code: "INVALID_VALUE" }],
    ["a namespace in capitals", [{ kubernetes: { issuer: "https://k", namespace: "Prod", serviceAccount: "sa" } }], { key: "federatedCredentials[0].kubernetes.namespace", code: "INVALID_VALUE" }],
    ["a bad name", [{ github: "contoso/sync", branch: "main", name: "-x" }], { key: "federatedCredentials[0].name", code: "INVALID_VALUE" }],
    ["a typo in a key", [{ github: "contoso/sync", enviroment: "prod" }], { key: "federatedCredentials[0].enviroment", code: "UNKNOWN_KEY" }],
    ["both github and issuer", [{ github: "contoso/sync", issuer: "https://x", subject: "s" }], { key: "federatedCredentials[0]", code: "CONFLICT" }],
    ["not a list", { github: "contoso/sync" }, { key: "federatedCredentials", code: "WRONG_TYPE" }],
  ])("refuses %s", (_label, value, expected) => {
    const result = parse(value);
    expect(result.specs).toBeUndefined();
    expect(result.problems).toContainEqual(expected);
  });

  it("refuses duplicate names and duplicate issuer + subject pairs, naming both items", () => {
    const result = parse([
      { github: "contoso/sync", branch: "main", name: "same" },
      { github: "contoso/sync", branch: "main", name: "Same" },
    ]);
    expect(result.problems).toEqual([
      { key: "federatedCredentials[1].name", code: "DUPLICATE" },
      { key: "federatedCredentials[1]", code: "DUPLICATE" },
    ]);
  });

  it("refuses more than Entra's 20 per application", () => {
    const items = Array.from({ length: 21 }, (_, i) => ({ github: "contoso/sync", environment: `env${i}` }));
    expect(parse(items).problems).toContainEqual({ key: "federatedCredentials", code: "OUT_OF_RANGE" });
    expect(parse(items.slice(0, 20)).specs).toHaveLength(20);
  });
});
