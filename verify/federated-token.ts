// Getting the federated token a workload exchanges at Entra ID: from a file (Kubernetes projects it
// and rotates it in place, AZURE_FEDERATED_TOKEN_FILE) or from GitHub Actions' token service. Asked
// again for every token request, as the Azure SDKs do. Neither the token nor GitHub's request URL
// and request token ever appear in an error.
import { readFile } from "node:fs/promises";
import { FederatedTokenError } from "./federated-claims.ts";
import { HttpError, HttpStatusError } from "./errors.ts";
import { requestJson, type HttpContext } from "./http.ts";
import type { FederatedTokenSource } from "./types.ts";

/** How a source is named in messages: never GitHub's URL, which is the job's own. */
export function sourceName(source: FederatedTokenSource): string {
  return source.kind === "file" ? `the file ${source.path}` : "GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL)";
}

/** The token, trimmed; `onSensitive` hears it before anything else can. */
export async function acquireFederatedToken(http: HttpContext, source: FederatedTokenSource, onSensitive?: (value: string) => void): Promise<string> {
  const token = source.kind === "file" ? await fromFile(http, source.path) : await fromGitHub(http, source);
  onSensitive?.(token);
  if (token === "") throw new FederatedTokenError(source.kind === "file" ? "ERR_FEDERATED_TOKEN" : "ERR_GITHUB_OIDC", `${sourceName(source)} gave an empty token`);
  return token;
}

async function fromFile(http: HttpContext, path: string): Promise<string> {
  // Bounded like every request: a FIFO nobody writes to must not outlive the deadline.
  const signal = AbortSignal.any([AbortSignal.timeout(Math.max(1, Math.min(http.requestTimeoutMs, http.remainingMs()))), ...(http.signal ? [http.signal] : [])]);
  try {
    return (await readFile(path, { encoding: "utf8", signal })).trim();
  } catch (err) {
    if (http.signal?.aborted) throw new HttpError("ERR_ABORTED", "READ", path, "cancelled");
    const code = (err as { code?: string }).code ?? "error";
    throw new FederatedTokenError("ERR_FEDERATED_TOKEN", `the federated token file ${path} cannot be read (${code === "ABORT_ERR" ? "timed out" : code})`);
  }
}

async function fromGitHub(http: HttpContext, source: Extract<FederatedTokenSource, { kind: "github-actions" }>): Promise<string> {
  const url = new URL(source.requestUrl);
  url.searchParams.set("audience", source.audience);
  let json: unknown;
  try {
    ({ json } = await requestJson(http, {
      method: "GET",
      url,
      headers: { authorization: `Bearer ${source.requestToken}`, accept: "application/json" },
    }));
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    // Throttling, a 5xx or the network: retried like any request (classify.ts), under a name
    // that is not the job's URL. Anything else GitHub answers will not change by retrying.
    const where = "ACTIONS_ID_TOKEN_REQUEST_URL";
    const status = err.status;
    if (!(err instanceof HttpStatusError)) throw new HttpError(err.code, "GET", where, err.message.slice(err.message.indexOf(": ") + 2), status);
    // Its headers stay (Retry-After); its body is GitHub's error, never the job's token.
    if (status !== undefined && (status === 429 || status >= 500)) throw new HttpStatusError("GET", where, status, err.headers, err.body, err.bodyKind);
    throw new FederatedTokenError("ERR_GITHUB_OIDC", `GitHub Actions' token service answered HTTP ${status ?? "?"} to the request for the job's OIDC token`);
  }
  const value = typeof json === "object" && json !== null ? (json as Record<string, unknown>)["value"] : undefined;
  if (typeof value !== "string") throw new FederatedTokenError("ERR_GITHUB_OIDC", "GitHub Actions' token service answered without a token (no \"value\" in its JSON)");
  return value.trim();
}
