// The emulator's public types (the contract in the team brief; fields may be added, not renamed).

export interface EmulatorOptions {
  /** Serve HTTPS with a fresh self-signed CA (written to caFile). Default false. */
  https?: boolean;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Where caFile goes; default a fresh temporary directory (removed on close). */
  stateDir?: string;
  /** Base clock in epoch ms (default Date.now); the emulator adds its own controllable offset. */
  now?: () => number;
  /**
   * HTTPS identity to serve with instead of a fresh one (implies https): lets a process trust the
   * emulator's CA from its start (NODE_EXTRA_CA_CERTS is read once) and then start emulators with it.
   */
  tls?: { caPem: string; certPem: string; keyPem: string };
  /** How long a client may take; defaults in emulator/http/limits.ts (docs/emulator.md states them). */
  timeouts?: EmulatorTimeouts;
  /**
   * Fetching the discovery document and JWKS of issuers this emulator does not serve (federated
   * assertions from GitHub, a cluster, another emulator): HTTPS only, trusting Node's CAs
   * (NODE_EXTRA_CA_CERTS included), this emulator's own CA and `caPems`.
   */
  externalIssuers?: {
    /** Per document, ms (default 5000). */
    timeoutMs?: number;
    /** How long fetched keys are reused, ms (default 300 000). */
    cacheMs?: number;
    caPems?: string[];
  };
}

/** Milliseconds; each one a whole number >= 1. */
export interface EmulatorTimeouts {
  /** To receive the request headers (default 5000). */
  headersMs?: number;
  /** To receive the whole request, body included (default 10000). */
  requestMs?: number;
  /** An idle kept-alive connection is closed after this (default 5000). */
  keepAliveMs?: number;
  /** From the TCP connect to the end of the TLS handshake, HTTPS only (default 5000). */
  handshakeMs?: number;
  /** How often the headers and request timeouts are checked (default 1000). */
  checkIntervalMs?: number;
}

export interface Emulator {
  /** "http(s)://127.0.0.1:PORT"; token endpoint = `${authorityHost}/${tenant}/oauth2/v2.0/token`. */
  authorityHost: string;
  /** Same origin; Graph under `${graphEndpoint}/v1.0/...`. */
  graphEndpoint: string;
  /** `${origin}/_emulator`. */
  controlUrl: string;
  /** PEM file of the CA (https only), for NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  /** `127.0.0.1:PORT` (https only): the azuread provider's `metadataHost`, serving /metadata/endpoints. */
  metadataHost?: string;
  /** Same content, for undici `connect: { ca }`. */
  caPem?: string;
  /** A tenant that exists from the start. */
  defaultTenantId: string;
  control: EmulatorControl;
  close(): Promise<void>;
}

export interface ReplicationDelaysInput {
  applicationMs?: number;
  secretMs?: number;
  roleAssignmentMs?: number;
}

export interface EmulatorControl {
  createTenant(input?: { tenantId?: string; displayName?: string }): { tenantId: string; domain: string; graphServicePrincipalId: string };
  /** A principal allowed to manage apps and grant consent (Application.ReadWrite.All + AppRoleAssignment.ReadWrite.All). */
  createDeployer(input?: { tenantId?: string; displayName?: string }): WorkloadCredentials;
  /** A ready-made workload identity: app + SP + secret + one app role assignment per permission (by name). */
  createWorkload(input: { displayName: string; permissions: string[]; tenantId?: string; secretLifetimeDays?: number }): WorkloadCredentials;
  setReplicationDelays(tenantId: string, delays: ReplicationDelaysInput): void;
  /** Conditional Access stand-in: token requests of the tenant (or of the listed app ids) get AADSTS53003. */
  setConditionalAccess(tenantId: string, policy: { blockAll?: boolean; blockedAppIds?: string[] }): void;
  injectFault(fault: FaultSpec): string;
  clearFaults(): void;
  /** Moves the emulator clock forward (expiry, token iat/exp, replication windows). */
  advanceClock(ms: number): void;
  /** Emulator clock, epoch ms. */
  now(): number;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  /** Graph JSON shapes of the tenant's objects; secrets never included. */
  objects(tenantId: string): { applications: object[]; servicePrincipals: object[]; appRoleAssignments: object[] };
  /**
   * A test OIDC issuer served by this emulator: `issuer` = `${origin}/_issuers/{name}`, with its
   * discovery document and JWKS under it. Name: letters, digits, `-`, `_` (EmulatorError
   * INVALID_ISSUER_NAME; ISSUER_EXISTS, status 409, for a name in use).
   */
  createIssuer(input: { name: string }): IssuerInfo;
  /** A token signed by the named issuer (iss, sub, aud, iat, nbf, exp, jti), on the emulator clock. */
  mintToken(name: string, input: MintTokenInput): { token: string };
  /** Every issuer created so far. */
  issuers(): IssuerInfo[];
}

export interface IssuerInfo {
  name: string;
  /** The `iss` of its tokens; a federated identity credential's `issuer`. */
  issuer: string;
}

export interface MintTokenInput {
  /** `sub`, e.g. "repo:contoso/app:environment:production" or "system:serviceaccount:ns:name". */
  subject: string;
  /** `aud`, e.g. "api://AzureADTokenExchange". */
  audience: string;
  /** Lifetime from now (emulator clock), whole seconds from 1 to a year; default 3600. */
  expiresInSeconds?: number;
  /** Extra claims, added last: they may override the standard ones (to forge a token in a test). */
  claims?: Record<string, unknown>;
}

export interface WorkloadCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  applicationObjectId: string;
  servicePrincipalObjectId: string;
  secretKeyId: string;
  /** RFC 3339. */
  secretExpiresAt: string;
  /** Values of the app roles granted (Graph permission names). */
  permissions: string[];
  // The same facts under the stack-outputs names verify reads, so that this very object (or the
  // control API's JSON of it) is `verify --outputs` input as is.
  /** This emulator's origin: its token authority. */
  authorityHost: string;
  /** This emulator's origin: its Microsoft Graph. */
  graphEndpoint: string;
  /** `${graphEndpoint}/.default`. */
  scope: string;
  /** = secretKeyId. */
  clientSecretKeyId: string;
  /** RFC 3339; = secretExpiresAt. */
  clientSecretExpiresAt: string;
  /** RFC 3339, on the emulator's clock: where verify's replication window starts. */
  clientSecretCreatedAt: string;
}

export type RequestRoute = "token" | "graph" | "discovery" | "keys" | "control" | "metadata" | "issuer" | "other";

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  route: RequestRoute;
  /** Emulator clock when the request arrived, epoch ms. */
  at: number;
  /** Id of the fault that changed this response, if any. */
  faultId?: string;
  /**
   * Graph only: the names (never the values) of the JSON body's top-level properties and of the
   * query's parameters, sorted; what a client sends, for comparing one client's traffic with another's.
   */
  bodyKeys?: string[];
  queryKeys?: string[];
}

export type FaultKind = FaultSpec["kind"];

export type FaultSpec = {
  route: "token" | "graph" | "discovery" | "keys" | "any";
  /** Regex source matched against the path (no query). */
  pathPattern?: string;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
  /** How many matching requests it affects (default 1; Infinity or -1 = always). */
  times?: number;
} & (
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  | { kind: "latency"; ms: number }
  | { kind: "reset" }
  | { kind: "malformed-json" }
  | { kind: "truncated" }
  | { kind: "html"; status?: 502 | 503 }
);
