// Public types of the verify library: its input (stack outputs), options, progress events and report.
import type { Dispatcher } from "undici";
import type { BackoffPolicy } from "./backoff.ts";

/**
 * The stack outputs verify reads (DESIGN.md contract), as `pulumi stack output --json --show-secrets`
 * prints them. Only `tenantId`, `clientId` and a credential are required; the rest sharpens the checks.
 */
export interface StackOutputs {
  tenantId: string;
  clientId: string;
  applicationObjectId?: string;
  servicePrincipalObjectId?: string;
  clientSecret?: string;
  /** RFC 3339. */
  clientSecretExpiresAt?: string;
  /** Microsoft Graph application permission names the token must carry as roles. */
  permissions?: readonly string[];
  authorityHost?: string;
  graphEndpoint?: string;
  scope?: string;
  /** The active secret's key id, and the previous secret's end date while a rotation keeps it valid. */
  clientSecretKeyId?: string;
  previousClientSecretExpiresAt?: string;
  nextRotationAt?: string;
  keyVaultSecretUri?: string;
  /** RFC 3339: when the active secret was created; the replication window starts here. */
  clientSecretCreatedAt?: string;
  /** The app's federated identity credentials by name: what a federated token must match. */
  federatedCredentials?: Readonly<Record<string, FederatedCredentialOutput>>;
  /** The app's certificates by name. */
  certificates?: Readonly<Record<string, { thumbprint: string; expiresAt: string; keyId?: string }>>;
  /** RFC 3339: the earliest end date among the credentials that expire. */
  credentialsExpireAt?: string;
}

export interface FederatedCredentialOutput {
  issuer: string;
  subject: string;
  audiences: readonly string[];
}

/**
 * Where a federated token (workload identity federation) comes from; it is read again for every
 * token request, as the Azure SDKs do (a Kubernetes token file is rotated in place).
 */
export type FederatedTokenSource =
  /** A file holding the token (AZURE_FEDERATED_TOKEN_FILE, a projected service account token). */
  | { kind: "file"; path: string }
  /**
   * A GitHub Actions job's OIDC token: GET `requestUrl` (ACTIONS_ID_TOKEN_REQUEST_URL) with
   * `&audience=…` and `Authorization: Bearer requestToken` (ACTIONS_ID_TOKEN_REQUEST_TOKEN).
   */
  | { kind: "github-actions"; requestUrl: string; requestToken: string; audience: string };

export type CheckStatus = "pass" | "fail" | "warn" | "skip";

/** Ids that Microsoft support asks for: Entra `trace_id`/`correlation_id`, Graph `request-id`. */
export interface Correlation {
  traceId?: string;
  correlationId?: string;
  requestId?: string;
  clientRequestId?: string;
  timestamp?: string;
}

export interface CheckResult {
  /** Stable name: "credential", "federated-credential", "secret-expiry", "previous-secret-expiry", "certificate-expiry", "token", "claims", "roles", "probe <what>". */
  name: string;
  ok: boolean;
  status: CheckStatus;
  durationMs: number;
  /** One line for people: what was checked or observed. Never contains a secret or token. */
  detail?: string;
  /** Stable code: `AADSTS<n>`, a Graph error code, or a verify code (`ERR_…`, `WARN_…`, `SKIP_…`). */
  code?: string;
  explanation?: string;
  fix?: string;
  correlation?: Correlation;
}

/** One request verify made, in order; `waitMs` is the pause that followed it before the next attempt. */
export interface AttemptRecord {
  n: number;
  phase: "token" | "graph";
  /** Path of the request, without query string. */
  target: string;
  /** Milliseconds since the start of the run. */
  startMs: number;
  durationMs: number;
  status?: number;
  /** "ok" or the code that came back. */
  outcome: string;
  decision: "done" | "retry" | "fail";
  /** Why a retry was scheduled: replicating (not replicated yet), throttled (429/5xx), transient (network). */
  reason?: "replicating" | "throttled" | "transient";
  waitMs?: number;
}

export interface VerifyTiming {
  totalMs: number;
  /** Time from the first token request to the first token that satisfied the claims checks. */
  tokenMs?: number;
  graphMs?: number;
  /** Sum of all backoff and Retry-After pauses. */
  waitedMs: number;
  tokenRequests: number;
  graphRequests: number;
}

export interface VerifyReport {
  ok: boolean;
  version: 1;
  startedAt: string;
  finishedAt: string;
  target: {
    tenantId: string;
    clientId: string;
    authorityHost: string;
    graphEndpoint: string;
    scope: string;
    credential: "secret" | "certificate" | "federated";
    /** With a federated credential: where its token came from. */
    federatedTokenSource?: FederatedTokenSource["kind"];
    permissions?: string[];
  };
  checks: CheckResult[];
  timings: VerifyTiming;
  attempts: AttemptRecord[];
}

export interface ProgressEvent {
  phase: "token" | "graph";
  /** One line for people, e.g. "waiting for Entra ID to accept the new secret (AADSTS7000215)". */
  message: string;
  attempt: number;
  code?: string;
  /** Present when verify waits before its next attempt: the pause, ms. */
  waitMs?: number;
  elapsedMs: number;
  /**
   * How much longer verify keeps at it, ms: until the replication window ends while it waits for
   * replication, else until the overall deadline (whichever comes first).
   */
  remainingMs: number;
}

/**
 * Verify's own sense of time passing: a monotonic clock (ms) and a sleep on it. Default: real time
 * (performance.now, timers). Tests pass a virtual one to wait out minutes of replication at once.
 */
export interface Scheduler {
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface VerifyOptions {
  /** Overall deadline in ms (default 300 000). */
  timeoutMs?: number;
  /** Per-request timeout in ms (default 30 000), never beyond the overall deadline. */
  requestTimeoutMs?: number;
  /** Warn when the secret expires within this many days (default 30). */
  warnDays?: number;
  /** Extra probes, each "GET /v1.0/…" (or /beta/…). Anything but GET is refused. */
  probes?: readonly string[];
  /** Overrides the outputs' `permissions`. */
  permissions?: readonly string[];
  authorityHost?: string;
  graphEndpoint?: string;
  /** PEM with a private key and its certificate: use a client assertion instead of the secret. */
  certificatePem?: string;
  /**
   * A file holding a federated token (e.g. AZURE_FEDERATED_TOKEN_FILE): send it as the client
   * assertion instead of a secret, re-reading the file for every token request.
   */
  federatedTokenFile?: string;
  /**
   * Inside a GitHub Actions job (`permissions: id-token: write`): the job's OIDC token as the client
   * assertion. `audience` defaults to the one audience of the outputs' federatedCredentials, else
   * api://AzureADTokenExchange. Neither the URL nor the token is ever printed.
   */
  githubOidc?: { requestUrl: string; requestToken: string; audience?: string };
  /** Assertion algorithm (default PS256 with x5t#S256; RS256 sends x5t). */
  assertionAlgorithm?: "PS256" | "RS256";
  /** undici Dispatcher (e.g. an Agent with `connect: { ca }`); default: a private Agent closed afterwards. */
  dispatcher?: Dispatcher;
  /** Clock for expiry checks and replication windows, epoch ms (default Date.now). */
  now?: () => number;
  /**
   * When the credential or its permissions last changed (epoch ms, Date or RFC 3339). Rejections that
   * mean "not replicated yet" are retried until this + `replicationWindowMs`. Default: the outputs'
   * `clientSecretCreatedAt` when present, else unknown (then the window starts with the run).
   */
  deployedAt?: number | Date | string;
  /** Replication window in ms: default 180 000 after a known `deployedAt`, 60 000 from the start when unknown. */
  replicationWindowMs?: number;
  /** Called while waiting (and at each attempt): one line of what verify waits for. */
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Backoff tuning (tests), applied to every kind of wait; see backoff.ts for the defaults. */
  backoff?: Partial<BackoffPolicy>;
  /**
   * Minimum pause before a retry's request, after the request before it, ms (default 250); no more
   * than 4 requests ever start within 4 × this (1 s). So a first pass of a token and up to 3 probes
   * is not paced at all. 0 turns pacing off.
   */
  minRequestIntervalMs?: number;
  /** Random source for jitter, [0, 1) (default Math.random). */
  random?: () => number;
  /** Monotonic time and sleeping (default: real time); see Scheduler. */
  scheduler?: Scheduler;
}
