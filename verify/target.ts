// Stack outputs + options → the validated, normalised target of a run, or one error listing every problem.
import { VerifyInputError, type InputProblem } from "./errors.ts";
import { parseProbe, type Probe } from "./probes.ts";
import { parseCredential, parseFederatedCredentials } from "./target-credential.ts";
import type { ClientCredential } from "./token.ts";
import type { FederatedCredentialOutput, StackOutputs, VerifyOptions } from "./types.ts";

export interface VerifyTarget {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  graphEndpoint: string;
  scope: string;
  tokenUrl: URL;
  credential: ClientCredential;
  /** Expected application permissions, or undefined when the inputs do not say. */
  permissions: string[] | undefined;
  servicePrincipalObjectId: string | undefined;
  clientSecretKeyId: string | undefined;
  secretExpiresAt: Date | undefined;
  previousSecretExpiresAt: Date | undefined;
  /** Epoch ms of the last change to the credential or its consent, when known. */
  deployedAt: number | undefined;
  probes: Probe[];
  /** The app's federated identity credentials, when the outputs list them. */
  federatedCredentials: Record<string, FederatedCredentialOutput> | undefined;
}

export const DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";
export { PULUMI_SECRET_MASK } from "./target-credential.ts";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const PERMISSION = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** National clouds (FACTS.md): the Graph endpoint that belongs to each authority host. */
const GRAPH_FOR_AUTHORITY: Readonly<Record<string, string>> = {
  "login.microsoftonline.com": "https://graph.microsoft.com",
  "login.microsoftonline.us": "https://graph.microsoft.us",
  "login.chinacloudapi.cn": "https://microsoftgraph.chinacloudapi.cn",
  "login.partner.microsoftonline.cn": "https://microsoftgraph.chinacloudapi.cn",
};

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Checks and normalises everything a run needs; throws VerifyInputError naming each bad input. */
export function parseTarget(outputs: StackOutputs, options: VerifyOptions = {}): VerifyTarget {
  const problems: InputProblem[] = [];
  const o = (typeof outputs === "object" && outputs !== null ? outputs : {}) as Partial<Record<keyof StackOutputs, unknown>>;

  const tenantId = requiredString(o.tenantId, "tenantId", problems);
  if (tenantId !== undefined && !isGuid(tenantId) && !DOMAIN.test(tenantId)) {
    problems.push({ input: "tenantId", problem: `"${tenantId}" is neither a tenant id (GUID) nor a domain name.`, fix: "Use the directory (tenant) id, e.g. from `az account show --query tenantId`." });
  }
  const clientId = requiredString(o.clientId, "clientId", problems);
  if (clientId !== undefined && !isGuid(clientId)) {
    problems.push({ input: "clientId", problem: `"${clientId}" is not an application (client) id: expected a GUID.`, fix: "Use the app registration's appId (the `clientId` stack output), not its name or object id." });
  }

  const authorityHost = endpoint(options.authorityHost ?? optionalString(o.authorityHost, "authorityHost", problems) ?? DEFAULT_AUTHORITY_HOST, options.authorityHost !== undefined ? "--authority-host" : "authorityHost", problems);
  const graphInput = options.graphEndpoint ?? optionalString(o.graphEndpoint, "graphEndpoint", problems);
  let graphEndpoint = graphInput === undefined ? undefined : endpoint(graphInput, options.graphEndpoint !== undefined ? "--graph-endpoint" : "graphEndpoint", problems);
  if (graphInput === undefined && authorityHost !== undefined) {
    const host = new URL(authorityHost).hostname;
    graphEndpoint = isLoopbackHost(host) ? authorityHost : GRAPH_FOR_AUTHORITY[host];
    if (graphEndpoint === undefined) {
      problems.push({ input: "graphEndpoint", problem: `no Graph endpoint is known for the authority host ${authorityHost}.`, fix: "Pass --graph-endpoint (or the graphEndpoint output)." });
    }
  }
  const scope = optionalString(o.scope, "scope", problems) ?? (graphEndpoint !== undefined ? `${graphEndpoint}/.default` : undefined);

  const federatedCredentials = parseFederatedCredentials(o.federatedCredentials, problems);
  const credential = parseCredential(o, options, federatedCredentials, problems);
  const permissions = parsePermissions(options.permissions ?? o.permissions, options.permissions !== undefined ? "--permissions" : "permissions", problems);
  const secretExpiresAt = optionalDate(o.clientSecretExpiresAt, "clientSecretExpiresAt", problems);
  const previousSecretExpiresAt = optionalDate(o.previousClientSecretExpiresAt, "previousClientSecretExpiresAt", problems);
  const createdAt = optionalDate(o.clientSecretCreatedAt, "clientSecretCreatedAt", problems);
  const deployedAt = options.deployedAt !== undefined ? optionalDate(options.deployedAt, "deployedAt", problems) : createdAt;
  const probes = (options.probes ?? []).flatMap((text) => {
    const parsed = parseProbe(text);
    if ("problem" in parsed) {
      problems.push({ input: "--probe", problem: parsed.problem, fix: "Give a read: --probe 'GET /v1.0/<resource>?$top=1'." });
      return [];
    }
    return [parsed];
  });
  numberOption(options.timeoutMs, "timeoutMs (--timeout)", 1, problems);
  numberOption(options.requestTimeoutMs, "requestTimeoutMs (--request-timeout)", 1, problems);
  numberOption(options.warnDays, "warnDays (--warn-days)", 0, problems);
  numberOption(options.replicationWindowMs, "replicationWindowMs (--replication-window)", 0, problems);

  if (problems.length > 0 || tenantId === undefined || clientId === undefined || authorityHost === undefined || graphEndpoint === undefined || scope === undefined || credential === undefined) {
    throw new VerifyInputError(problems);
  }
  return {
    tenantId,
    clientId,
    authorityHost,
    graphEndpoint,
    scope,
    tokenUrl: new URL(`${authorityHost}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`),
    credential,
    permissions,
    servicePrincipalObjectId: optionalString(o.servicePrincipalObjectId, "servicePrincipalObjectId", problems),
    clientSecretKeyId: optionalString(o.clientSecretKeyId, "clientSecretKeyId", problems),
    secretExpiresAt,
    previousSecretExpiresAt,
    deployedAt: deployedAt?.getTime(),
    probes,
    federatedCredentials,
  };
}

function parsePermissions(value: unknown, input: string, problems: InputProblem[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((p) => typeof p !== "string")) {
    problems.push({ input, problem: "must be a list of permission names.", fix: 'Use names such as ["User.Read.All", "Group.Read.All"].' });
    return undefined;
  }
  const bad = (value as string[]).filter((p) => !PERMISSION.test(p));
  if (bad.length > 0) {
    problems.push({ input, problem: `not permission names: ${bad.map((b) => JSON.stringify(b)).join(", ")}.`, fix: "Use Microsoft Graph application permission names, e.g. User.Read.All (not ids or URLs)." });
  }
  return [...new Set(value as string[])];
}

function endpoint(value: string, input: string, problems: InputProblem[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push({ input, problem: `"${value}" is not a URL.`, fix: "Give an origin such as https://login.microsoftonline.com." });
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    problems.push({ input, problem: `${url.protocol}// is accepted only for loopback hosts (the local emulator); ${url.host} is not one.`, fix: "Use https:// (for a self-signed emulator CA, trust it with NODE_EXTRA_CA_CERTS)." });
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push({ input, problem: "must not carry credentials, a query or a fragment.", fix: "Give only scheme, host and port." });
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    problems.push({ input, problem: `must be an origin without a path, got path ${url.pathname}.`, fix: `Use ${url.origin}; the tenant goes in tenantId and API versions in probe paths.` });
  }
  return problems.length === before ? url.origin : undefined;
}

function requiredString(value: unknown, input: string, problems: InputProblem[]): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  problems.push({ input, problem: value === undefined ? "is missing." : "must be a non-empty string.", fix: `Pass the stack outputs (they include ${input}) or the matching AZURE_* environment variable.` });
  return undefined;
}

function optionalString(value: unknown, input: string, problems: InputProblem[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  problems.push({ input, problem: "must be a string.", fix: "Pass the outputs as printed by `pulumi stack output --json --show-secrets`." });
  return undefined;
}

function optionalDate(value: unknown, input: string, problems: InputProblem[]): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : typeof value === "number" || typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    problems.push({ input, problem: `${JSON.stringify(value)} is not a date.`, fix: "Use RFC 3339, e.g. 2026-01-31T12:00:00Z." });
    return undefined;
  }
  return date;
}

function numberOption(value: number | undefined, input: string, min: number, problems: InputProblem[]): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min) problems.push({ input, problem: `${value} is not a number ≥ ${min}.`, fix: "Give a finite number in range." });
}
