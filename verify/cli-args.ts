// argv → what to run. Pure: the CLI's only decisions that do not touch the outside world.
import { parseArgs } from "node:util";
import { parseProbe } from "./probes.ts";

export class UsageError extends Error {
  readonly code = "ERR_USAGE";
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type OutputsSource = { kind: "file"; path: string } | { kind: "stdin" } | { kind: "stack"; name: string } | { kind: "env" };

export interface CliRun {
  kind: "run";
  source: OutputsSource;
  json: boolean;
  certificatePath?: string;
  federatedTokenFile?: string;
  /** Get the GitHub Actions job's OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN). */
  githubOidc?: true;
  timeoutMs: number;
  warnDays: number;
  probes: string[];
  permissions?: string[];
  authorityHost?: string;
  graphEndpoint?: string;
  requestTimeoutMs?: number;
  replicationWindowMs?: number;
  deployedAt?: number;
  /** "The current time is this" (epoch ms), for a local emulator whose clock was moved. */
  nowAt?: number;
}

export type CliCommand = CliRun | { kind: "help" } | { kind: "version" };

/** What the CLI exits with; listed in --help and in docs/verify.md. */
export const EXIT_CODES = {
  passed: 0,
  failed: 1,
  usage: 2,
  internal: 70,
  sigint: 130,
  sigterm: 143,
} as const;

export const HELP = `Usage: graph-verify [inputs] [options]
       (in this repository: npx graph-verify …, or npm run -s verify -- …)

Checks a deployed Microsoft Graph workload identity: gets a client-credentials token as a daemon
would, checks its claims and roles, and calls Microsoft Graph with it (read-only).

Inputs (first that applies):
  --outputs FILE|-        JSON of \`pulumi stack output --json --show-secrets\` (- = stdin)
  --stack NAME            runs that command for stack NAME
  (none)                  AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or
                          AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE,
                          AZURE_AUTHORITY_HOST
Credential (first that applies; the three flags exclude each other):
  --certificate FILE      PEM with private key + certificate: sign a client assertion
  --federated-token-file FILE
                          a federated token (e.g. a Kubernetes service account token),
                          re-read for every token request
  --github-oidc           inside a GitHub Actions job (permissions: id-token: write): the job's
                          OIDC token, for the audience of the outputs' federated credentials
                          when they have exactly one, else api://AzureADTokenExchange
  (none)                  the inputs' client secret, else AZURE_CLIENT_CERTIFICATE_PATH (variables
                          only), else AZURE_FEDERATED_TOKEN_FILE
Options:
  --authority-host URL    token service origin (default https://login.microsoftonline.com)
  --graph-endpoint URL    Microsoft Graph origin (default: the authority host's cloud)
  --permissions A,B       application permissions the token must carry (when not in the outputs)
  --probe 'GET /v1.0/…'   an extra read-only Graph call (repeatable; GET only)
  --timeout SECONDS       overall deadline (default 300)
  --request-timeout SEC   per-request timeout (default 30)
  --warn-days DAYS        warn when the secret expires within DAYS (default 30)
  --deployed-at TIME      when the credential/consent last changed (RFC 3339 or "now");
                          default: the clientSecretCreatedAt output
  --replication-window S  retry "not replicated yet" answers for S seconds (default 180 after
                          the deploy time, else 60 from the start when it is unknown)
  --now TIME              treat TIME as the current time (an emulator whose clock was moved)
  --json                  print one JSON document on stdout and nothing else, whatever the
                          outcome (a report, or {"ok":false,"error":{…}} when no check ran)
  --version               print the version
  -h, --help              this text

--timeout bounds everything: reading the inputs, connecting (TLS handshake included), every
request and every wait. While waiting, a progress line goes to stderr (at least every 10 s when
stderr is not a terminal). Ctrl-C or SIGTERM stops within a second and reports what was checked.
http:// is accepted only for loopback hosts; trust a private CA with NODE_EXTRA_CA_CERTS.

Exit codes:
  ${EXIT_CODES.passed}    all checks passed (warnings allowed)
  ${EXIT_CODES.failed}    a check failed
  ${EXIT_CODES.usage}    usage or input error: no check ran
  ${EXIT_CODES.internal}   internal error (a bug in verify; please report it)
  ${EXIT_CODES.sigint}  interrupted (SIGINT, Ctrl-C)
  ${EXIT_CODES.sigterm}  terminated (SIGTERM)
`;

function seconds(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min) throw new UsageError(`${flag} must be a number of seconds ≥ ${min}, got "${value}"`);
  return Math.round(n * 1000);
}

function time(flag: string, value: string | undefined, realNow: number): number | undefined {
  if (value === undefined) return undefined;
  if (value === "now") return realNow;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`${flag} must be an RFC 3339 time such as 2026-01-31T12:00:00Z, got "${value}"`);
  return t;
}

export function parseCliArgs(argv: readonly string[], realNow: number = Date.now()): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        outputs: { type: "string" },
        stack: { type: "string" },
        "authority-host": { type: "string" },
        "graph-endpoint": { type: "string" },
        permissions: { type: "string", multiple: true },
        probe: { type: "string", multiple: true },
        certificate: { type: "string" },
        "federated-token-file": { type: "string" },
        "github-oidc": { type: "boolean", default: false },
        timeout: { type: "string" },
        "request-timeout": { type: "string" },
        "warn-days": { type: "string" },
        "deployed-at": { type: "string" },
        "replication-window": { type: "string" },
        now: { type: "string" },
        json: { type: "boolean", default: false },
        version: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return { kind: "help" };
  if (v.version) return { kind: "version" };
  if (v.outputs !== undefined && v.stack !== undefined) throw new UsageError("give either --outputs or --stack, not both");
  if (v.stack !== undefined && !/^[\w./-]+$/.test(v.stack)) throw new UsageError(`--stack "${v.stack}" is not a stack name`);
  const source: OutputsSource =
    v.outputs !== undefined ? (v.outputs === "-" ? { kind: "stdin" } : { kind: "file", path: v.outputs }) : v.stack !== undefined ? { kind: "stack", name: v.stack } : { kind: "env" };

  const credentials = [v.certificate !== undefined && "--certificate", v["federated-token-file"] !== undefined && "--federated-token-file", v["github-oidc"] && "--github-oidc"].filter(Boolean);
  if (credentials.length > 1) throw new UsageError(`give one credential: ${credentials.join(" and ")} were given together`);
  if (v["federated-token-file"] !== undefined && v["federated-token-file"].trim() === "") throw new UsageError("--federated-token-file needs the path of the token file");

  const warnDays = v["warn-days"] === undefined ? 30 : Number(v["warn-days"]);
  if (!Number.isFinite(warnDays) || warnDays < 0) throw new UsageError(`--warn-days must be a number of days ≥ 0, got "${v["warn-days"]}"`);
  for (const probe of v.probe ?? []) {
    const checked = parseProbe(probe);
    if ("problem" in checked) throw new UsageError(`--probe ${checked.problem}`);
  }
  const permissions = v.permissions?.flatMap((p) => p.split(",")).map((p) => p.trim()).filter((p) => p !== "");
  const optional = {
    certificatePath: v.certificate,
    federatedTokenFile: v["federated-token-file"],
    githubOidc: v["github-oidc"] ? (true as const) : undefined,
    permissions,
    authorityHost: v["authority-host"],
    graphEndpoint: v["graph-endpoint"],
    requestTimeoutMs: seconds("--request-timeout", v["request-timeout"], 0.001),
    replicationWindowMs: seconds("--replication-window", v["replication-window"], 0),
    deployedAt: time("--deployed-at", v["deployed-at"], realNow),
    nowAt: time("--now", v.now, realNow),
  };
  return {
    kind: "run",
    source,
    json: v.json,
    timeoutMs: seconds("--timeout", v.timeout, 0.001) ?? 300_000,
    warnDays,
    probes: v.probe ?? [],
    // Only the flags that were given, so that `exactOptionalPropertyTypes`-style consumers see no undefined.
    ...(Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)) as Partial<CliRun>),
  };
}
