// Config `federatedCredentials` → the app's federated identity credentials (workload identity
// federation: a GitHub Actions job or a Kubernetes service account signs in with the token its own
// platform gives it, and no secret exists). Pure: every problem is recorded, none thrown.
//
// Subjects are built exactly as the platforms issue them:
// - GitHub Actions (https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect):
//   `repo:OWNER/REPO:environment:NAME`, `repo:OWNER/REPO:ref:refs/heads/BRANCH`,
//   `repo:OWNER/REPO:ref:refs/tags/TAG`, `repo:OWNER/REPO:pull_request`; issuer
//   `https://token.actions.githubusercontent.com`.
// - Kubernetes service account tokens: `system:serviceaccount:NAMESPACE:NAME`, issuer = the cluster's
//   OIDC issuer URL.
// Entra's rules (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential):
// at most 20 per application; name 3–120 characters of letters, digits, `-` and `_`, starting with a
// letter or digit, unique in the app; one audience; issuer and subject at most 600 characters; the
// issuer + subject pair unique in the app.

import { closestMatches } from "./closest.ts";
import { display, type ProblemList } from "./config-values.ts";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
export const MAX_FEDERATED_CREDENTIALS = 20;
const MAX_CLAIM_LENGTH = 600;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;
const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
const GITHUB_SELECTORS = ["environment", "branch", "tag", "pullRequest"] as const;
const KEYS = ["name", "github", ...GITHUB_SELECTORS, "kubernetes", "issuer", "subject", "audiences", "description"];

export interface FederatedCredentialSpec {
  /** Entra's name for it, and the stable key of its Pulumi resource (reordering replaces nothing). */
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
  /** Shown in the portal: where the trust comes from. */
  readonly description: string;
}

type Item = Record<string, unknown>;

function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length > MAX_CLAIM_LENGTH) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.username === "" && url.password === "" && url.search === "" && url.hash === "";
  } catch {
    return false;
  }
}

const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.trim() !== "" && !/[\u0000-\u001f\u007f]/.test(value);

/** A name Entra accepts, from the credential's own parts (readable in the portal, stable across reorders). */
export function defaultName(parts: readonly string[]): string {
  const base = parts.join("-").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-_]+|-+$/g, "");
  const padded = base.length >= 3 ? base : `fic-${base}`;
  return padded.slice(0, 120).replace(/[-_]+$/, "");
}

function parseAudiences(key: string, item: Item, problems: ProblemList): string[] | undefined {
  const value = item["audiences"];
  if (value === undefined) return [DEFAULT_AUDIENCE];
  if (!Array.isArray(value) || value.length !== 1 || !nonEmpty(value[0]) || value[0].length > MAX_CLAIM_LENGTH) {
    problems.add(`${key}.audiences`, "INVALID_VALUE", value, "must be a list of exactly one audience (Entra accepts one per credential).", `leave it out for the default ["${DEFAULT_AUDIENCE}"], or give the one audience your platform puts in its tokens.`);
    return undefined;
  }
  return [value[0]];
}

function parseGithub(key: string, item: Item, problems: ProblemList): Omit<FederatedCredentialSpec, "name" | "audiences"> & { parts: string[] } | undefined {
  const repo = item["github"];
  if (typeof repo !== "string" || !GITHUB_REPO.test(repo)) {
    problems.add(`${key}.github`, "INVALID_VALUE", repo, "is not OWNER/REPO.", 'write the repository as it appears in its URL, e.g. "contoso/nightly-sync".');
    return undefined;
  }
  const chosen = GITHUB_SELECTORS.filter((s) => item[s] !== undefined);
  if (chosen.length !== 1) {
    problems.add(key, chosen.length === 0 ? "REQUIRED" : "CONFLICT", chosen.length === 0 ? undefined : chosen.join(", "),
      chosen.length === 0 ? "names a repository but not which of its jobs may sign in." : `sets ${chosen.join(" and ")}; a GitHub credential matches one kind of job.`,
      "add exactly one of environment: NAME, branch: NAME, tag: NAME or pullRequest: true (one credential each; up to 20).");
    return undefined;
  }
  const selector = chosen[0]!;
  const value = item[selector];
  if (selector === "pullRequest") {
    if (value !== true) {
      problems.add(`${key}.pullRequest`, "INVALID_VALUE", value, "must be true.", "set pullRequest: true, or remove it.");
      return undefined;
    }
    return { issuer: GITHUB_ISSUER, subject: `repo:${repo}:pull_request`, description: `GitHub Actions: pull requests of ${repo}`, parts: ["github", repo, "pull-request"] };
  }
  if (!nonEmpty(value)) {
    problems.add(`${key}.${selector}`, "INVALID_VALUE", value, `must be the ${selector} name.`, `set ${selector} to the name GitHub shows, e.g. ${selector === "environment" ? "production" : selector === "branch" ? "main" : "v1.2.0"}.`);
    return undefined;
  }
  if ((selector === "branch" || selector === "tag") && value.startsWith("refs/")) {
    const short = value.replace(/^refs\/(heads|tags)\//, "");
    problems.add(`${key}.${selector}`, "INVALID_VALUE", value, "is a full ref; the subject adds refs/heads/ or refs/tags/ itself.", `write ${selector}: ${short}.`);
    return undefined;
  }
  const subject = selector === "environment" ? `repo:${repo}:environment:${value}` : `repo:${repo}:ref:refs/${selector === "branch" ? "heads" : "tags"}/${value}`;
  return { issuer: GITHUB_ISSUER, subject, description: `GitHub Actions: ${repo}, ${selector} ${value}`, parts: ["github", repo, selector, value] };
}

function parseKubernetes(key: string, item: Item, problems: ProblemList): ReturnType<typeof parseGithub> {
  const k8s = item["kubernetes"];
  if (k8s === null || typeof k8s !== "object" || Array.isArray(k8s)) {
    problems.add(`${key}.kubernetes`, "WRONG_TYPE", k8s, "must be an object {issuer, namespace, serviceAccount}.", "give the cluster's OIDC issuer URL and the service account's namespace and name.");
    return undefined;
  }
  const { issuer, namespace, serviceAccount, ...rest } = k8s as Item;
  const before = problems.items.length;
  for (const extra of Object.keys(rest)) problems.add(`${key}.kubernetes.${extra}`, "UNKNOWN_KEY", rest[extra], "is not a setting of a Kubernetes credential.", "remove it; the settings are issuer, namespace and serviceAccount.", closestMatches(extra, ["issuer", "namespace", "serviceAccount"]));
  if (!isHttpsUrl(issuer)) problems.add(`${key}.kubernetes.issuer`, "INVALID_VALUE", issuer, "is not the cluster's https OIDC issuer URL.", "use the issuer your cluster puts in service account tokens (AKS: `az aks show --query oidcIssuerProfile.issuerUrl`).");
  if (typeof namespace !== "string" || !DNS_LABEL.test(namespace)) problems.add(`${key}.kubernetes.namespace`, "INVALID_VALUE", namespace, "is not a Kubernetes namespace name.", "use the namespace as `kubectl get ns` lists it (lower case, digits, -).");
  if (typeof serviceAccount !== "string" || !DNS_SUBDOMAIN.test(serviceAccount)) problems.add(`${key}.kubernetes.serviceAccount`, "INVALID_VALUE", serviceAccount, "is not a Kubernetes service account name.", "use the name as `kubectl get sa -n NAMESPACE` lists it.");
  if (problems.items.length > before) return undefined;
  const ns = namespace as string;
  const sa = serviceAccount as string;
  return { issuer: issuer as string, subject: `system:serviceaccount:${ns}:${sa}`, description: `Kubernetes service account ${ns}/${sa}`, parts: ["k8s", ns, sa] };
}

function parseGeneric(key: string, item: Item, problems: ProblemList): ReturnType<typeof parseGithub> {
  const { issuer, subject } = item;
  const before = problems.items.length;
  if (!isHttpsUrl(issuer)) problems.add(`${key}.issuer`, "INVALID_VALUE", issuer, "is not an https issuer URL (at most 600 characters, no query).", "use the `iss` claim of the tokens your platform issues.");
  if (!nonEmpty(subject) || subject.length > MAX_CLAIM_LENGTH) problems.add(`${key}.subject`, "INVALID_VALUE", subject, "must be the tokens' `sub` claim (1–600 characters).", "use the `sub` claim of the tokens your platform issues.");
  if (problems.items.length > before) return undefined;
  return { issuer: issuer as string, subject: subject as string, description: `${issuer as string}: ${subject as string}`, parts: [new URL(issuer as string).host, subject as string] };
}

/** The credentials, or undefined when any is wrong (each problem recorded, with its key). */
export function parseFederatedCredentials(value: unknown, problems: ProblemList, key = "federatedCredentials"): FederatedCredentialSpec[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(key, "WRONG_TYPE", value, "must be a list of credentials.", "write it as a YAML list in Pulumi.<stack>.yaml, one item per trusted job or service account.");
    return undefined;
  }
  const before = problems.items.length;
  if (value.length > MAX_FEDERATED_CREDENTIALS) {
    problems.add(key, "OUT_OF_RANGE", `${value.length} credentials`, `has more than the ${MAX_FEDERATED_CREDENTIALS} federated credentials Entra allows per application.`, "merge jobs into GitHub environments, or split them over several stacks.");
  }
  const specs: { spec: FederatedCredentialSpec; index: number }[] = [];
  value.forEach((raw: unknown, i) => {
    const itemKey = `${key}[${i}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      problems.add(itemKey, "WRONG_TYPE", raw, "must be an object.", "see the forms in docs/program.md: {github, environment}, {kubernetes: {…}} or {issuer, subject}.");
      return;
    }
    const item = raw as Item;
    for (const extra of Object.keys(item).filter((k) => !KEYS.includes(k))) {
      problems.add(`${itemKey}.${extra}`, "UNKNOWN_KEY", item[extra], "is not a setting of a federated credential.", `remove or rename it; settings are ${KEYS.join(", ")}.`, closestMatches(extra, KEYS));
    }
    const kinds = (["github", "kubernetes", "issuer"] as const).filter((k) => item[k] !== undefined);
    if (kinds.length !== 1) {
      problems.add(itemKey, kinds.length === 0 ? "REQUIRED" : "CONFLICT", kinds.length === 0 ? display(item) : kinds.join(", "),
        kinds.length === 0 ? "says neither github, kubernetes nor issuer." : `mixes ${kinds.join(" and ")}.`,
        "use one form: {github: OWNER/REPO, environment|branch|tag|pullRequest}, {kubernetes: {issuer, namespace, serviceAccount}} or {issuer, subject, audiences?}.");
      return;
    }
    const parsed = kinds[0] === "github" ? parseGithub(itemKey, item, problems) : kinds[0] === "kubernetes" ? parseKubernetes(itemKey, item, problems) : parseGeneric(itemKey, item, problems);
    const audiences = parseAudiences(itemKey, item, problems);
    const name = item["name"] ?? (parsed ? defaultName(parsed.parts) : undefined);
    if (item["name"] !== undefined && (typeof item["name"] !== "string" || !NAME.test(item["name"]))) {
      problems.add(`${itemKey}.name`, "INVALID_VALUE", item["name"], "is not a name Entra accepts: 3–120 letters, digits, - or _, starting with a letter or digit.", "rename it, or leave it out for a name derived from the credential.");
      return;
    }
    const description = item["description"] ?? parsed?.description;
    if (parsed === undefined || audiences === undefined || typeof name !== "string" || typeof description !== "string") return;
    specs.push({ index: i, spec: { name, issuer: parsed.issuer, subject: parsed.subject, audiences, description: description.slice(0, 600) } });
  });
  const seenNames = new Map<string, number>();
  const seenPairs = new Map<string, number>();
  for (const { spec, index } of specs) {
    const lower = spec.name.toLowerCase();
    const pair = `${spec.issuer} ${spec.subject}`;
    if (seenNames.has(lower)) problems.add(`${key}[${index}].name`, "DUPLICATE", spec.name, `is also the name of ${key}[${seenNames.get(lower)}]; names are unique in an application.`, "give one of them another name.");
    if (seenPairs.has(pair)) problems.add(`${key}[${index}]`, "DUPLICATE", spec.subject, `trusts the same issuer and subject as ${key}[${seenPairs.get(pair)}].`, "remove one of them.");
    if (!seenNames.has(lower)) seenNames.set(lower, index);
    if (!seenPairs.has(pair)) seenPairs.set(pair, index);
  }
  return problems.items.length > before ? undefined : specs.map((s) => s.spec);
}
