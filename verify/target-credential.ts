// Which credential a run signs in with, from the outputs and the options, and the outputs that
// describe the app's other credentials (federatedCredentials, certificates). Pure: every problem
// is recorded, none thrown.
//
// First that applies: one of certificatePem / federatedTokenFile / githubOidc (--certificate,
// --federated-token-file, --github-oidc; giving two is a problem), else the outputs' clientSecret.
import type { InputProblem } from "./errors.ts";
import type { ClientCredential } from "./token.ts";
import type { FederatedCredentialOutput, StackOutputs, VerifyOptions } from "./types.ts";

/** What `pulumi stack output --json` prints in place of a secret without --show-secrets. */
export const PULUMI_SECRET_MASK = "[secret]";
/** The audience Entra recommends for federated credentials, and GitHub's and the SDKs' default. */
export const DEFAULT_FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

type RawOutputs = Partial<Record<keyof StackOutputs, unknown>>;

export const CREDENTIAL_OPTIONS = "--federated-token-file FILE (or AZURE_FEDERATED_TOKEN_FILE), --github-oidc (inside a GitHub Actions job), or --certificate FILE (PEM with the private key and certificate)";

function loopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The outputs' `federatedCredentials`, checked; undefined when absent or malformed (a problem is recorded). */
export function parseFederatedCredentials(value: unknown, problems: InputProblem[]): Record<string, FederatedCredentialOutput> | undefined {
  if (value === undefined || value === null) return undefined;
  const fix = "Pass the outputs as printed by `pulumi stack output --json --show-secrets`: {\"<name>\": {\"issuer\", \"subject\", \"audiences\": […]}}.";
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push({ input: "federatedCredentials", problem: "must be an object of credentials by name.", fix });
    return undefined;
  }
  const out: Record<string, FederatedCredentialOutput> = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    const c = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const audiences = c["audiences"];
    if (typeof c["issuer"] !== "string" || typeof c["subject"] !== "string" || !Array.isArray(audiences) || !audiences.every((a) => typeof a === "string")) {
      problems.push({ input: `federatedCredentials.${name}`, problem: "needs issuer and subject (strings) and audiences (a list of strings).", fix });
      continue;
    }
    out[name] = { issuer: c["issuer"], subject: c["subject"], audiences: [...(audiences as string[])] };
  }
  return out;
}

/** The audience to ask GitHub for: the outputs' one audience, else Entra's recommended one. */
export function githubAudience(federated: Readonly<Record<string, FederatedCredentialOutput>> | undefined): string {
  const audiences = new Set(Object.values(federated ?? {}).flatMap((c) => c.audiences));
  return audiences.size === 1 ? [...audiences][0]! : DEFAULT_FEDERATED_AUDIENCE;
}

function githubCredential(given: NonNullable<VerifyOptions["githubOidc"]>, federated: Record<string, FederatedCredentialOutput> | undefined, problems: InputProblem[]): ClientCredential | undefined {
  const before = problems.length;
  let url: URL | undefined;
  try {
    url = new URL(given.requestUrl);
  } catch {
    // The URL is the job's own: it is not quoted.
    problems.push({ input: "ACTIONS_ID_TOKEN_REQUEST_URL", problem: "is not a URL.", fix: "Run inside a GitHub Actions job, which sets it; do not set it by hand." });
  }
  if (url && url.protocol !== "https:" && !(url.protocol === "http:" && loopback(url.hostname))) {
    problems.push({ input: "ACTIONS_ID_TOKEN_REQUEST_URL", problem: `must be https (http only for loopback test servers), got ${url.protocol}//.`, fix: "Run inside a GitHub Actions job, which sets it." });
  }
  if (typeof given.requestToken !== "string" || given.requestToken === "") {
    problems.push({ input: "ACTIONS_ID_TOKEN_REQUEST_TOKEN", problem: "is empty.", fix: "Run inside a GitHub Actions job whose workflow grants `permissions: id-token: write`." });
  }
  if (given.audience !== undefined && (typeof given.audience !== "string" || given.audience === "")) {
    problems.push({ input: "githubOidc.audience", problem: "must be a non-empty string.", fix: `Leave it out for ${DEFAULT_FEDERATED_AUDIENCE} (or the outputs' one audience).` });
  }
  if (problems.length > before) return undefined;
  return { kind: "federated", source: { kind: "github-actions", requestUrl: given.requestUrl, requestToken: given.requestToken, audience: given.audience ?? githubAudience(federated) } };
}

/** Suggestions for a stack without a secret, from what its outputs say it trusts. */
function noCredentialFix(o: RawOutputs, federated: Record<string, FederatedCredentialOutput> | undefined): string {
  const hints: string[] = [];
  const issuers = new Set(Object.values(federated ?? {}).map((c) => c.issuer));
  if ([...issuers].some((iss) => iss.startsWith("https://token.actions.githubusercontent.com"))) hints.push("the stack trusts GitHub Actions: run verify in that job with --github-oidc");
  else if (issuers.size > 0) hints.push("the stack trusts federated tokens: give the workload's token with --federated-token-file");
  if (typeof o.certificates === "object" && o.certificates !== null && Object.keys(o.certificates).length > 0) hints.push("it has certificates: give the private key with --certificate");
  return `Give one of ${CREDENTIAL_OPTIONS}; or, for a stack with a secret, the outputs with --show-secrets (or AZURE_CLIENT_SECRET).${hints.length > 0 ? ` Here, ${hints.join("; ")}.` : ""}`;
}

export function parseCredential(o: RawOutputs, options: VerifyOptions, federated: Record<string, FederatedCredentialOutput> | undefined, problems: InputProblem[]): ClientCredential | undefined {
  const given = [
    options.certificatePem !== undefined && "--certificate (certificatePem)",
    options.federatedTokenFile !== undefined && "--federated-token-file (federatedTokenFile)",
    options.githubOidc !== undefined && "--github-oidc (githubOidc)",
  ].filter((x): x is string => x !== false);
  if (given.length > 1) {
    problems.push({ input: "credential", problem: `${given.join(" and ")} were given together; a run signs in with one credential.`, fix: "Give one of --certificate, --federated-token-file, --github-oidc." });
    return undefined;
  }
  if (options.certificatePem !== undefined) return { kind: "certificate", pem: options.certificatePem, algorithm: options.assertionAlgorithm ?? "PS256" };
  if (options.federatedTokenFile !== undefined) {
    if (typeof options.federatedTokenFile !== "string" || options.federatedTokenFile.trim() === "") {
      problems.push({ input: "--federated-token-file", problem: "is empty.", fix: "Give the path of the file holding the token (Kubernetes: AZURE_FEDERATED_TOKEN_FILE)." });
      return undefined;
    }
    return { kind: "federated", source: { kind: "file", path: options.federatedTokenFile } };
  }
  if (options.githubOidc !== undefined) return githubCredential(options.githubOidc, federated, problems);

  const secret = o.clientSecret;
  if (secret !== undefined && secret !== null && typeof secret !== "string") {
    problems.push({ input: "clientSecret", problem: "must be a string.", fix: "Pass the outputs as printed by `pulumi stack output --json --show-secrets`." });
    return undefined;
  }
  if (secret === PULUMI_SECRET_MASK) {
    problems.push({ input: "clientSecret", problem: "the outputs show the secret masked as [secret].", fix: "Export them with `pulumi stack output --json --show-secrets` (or use --stack, which does)." });
    return undefined;
  }
  if (typeof secret !== "string" || secret === "") {
    problems.push({ input: "credential", problem: "none was given: the inputs have no client secret (a secretless stack has none) and no other credential was named.", fix: noCredentialFix(o, federated) });
    return undefined;
  }
  return { kind: "secret", secret };
}
