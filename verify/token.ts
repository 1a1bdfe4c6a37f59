// The client-credentials token request, exactly as a daemon sends it (FACTS.md), and Entra's answers.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { createClientAssertion } from "./assertion.ts";
import { acquireFederatedToken } from "./federated-token.ts";
import { clip } from "./clip.ts";
import { HttpError, HttpStatusError } from "./errors.ts";
import { requestJson, type HttpContext } from "./http.ts";
import type { Correlation, FederatedTokenSource } from "./types.ts";

export type ClientCredential =
  | { kind: "secret"; secret: string }
  | { kind: "certificate"; pem: string; algorithm: "PS256" | "RS256" }
  /** Workload identity federation: the platform's own token is the client assertion. */
  | { kind: "federated"; source: FederatedTokenSource };

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface TokenRequestInput {
  tokenUrl: URL;
  clientId: string;
  scope: string;
  credential: ClientCredential;
  /** Clock for the assertion's iat/nbf/exp, epoch ms. */
  now: () => number;
  /** Called with every credential value sent (secret, assertion) and received (token), for redaction. */
  onSensitive?: (value: string) => void;
}

export interface TokenSuccess {
  accessToken: string;
  expiresIn: number;
  correlation: Correlation;
}

/** Entra's answer to a bad token request: `code` is `AADSTS<first error code>`. */
export class EntraError extends Error {
  readonly code: string;
  readonly status: number;
  readonly error: string;
  readonly errorCodes: readonly number[];
  readonly correlation: Correlation;
  readonly headers: IncomingHttpHeaders;
  /** First line of `error_description` (its trailer repeats the ids kept in `correlation`). */
  readonly description: string;
  constructor(status: number, error: string, errorCodes: readonly number[], description: string, correlation: Correlation, headers: IncomingHttpHeaders) {
    const code = errorCodes[0] !== undefined ? `AADSTS${errorCodes[0]}` : `ENTRA_${error || status}`;
    super(`token endpoint answered ${status} ${error}: ${description}`);
    this.name = "EntraError";
    this.code = code;
    this.status = status;
    this.error = error;
    this.errorCodes = errorCodes;
    this.description = description;
    this.correlation = correlation;
    this.headers = headers;
  }
}

export async function requestToken(http: HttpContext, input: TokenRequestInput): Promise<TokenSuccess> {
  const form = new URLSearchParams({ client_id: input.clientId, scope: input.scope, grant_type: "client_credentials" });
  if (input.credential.kind === "secret") {
    form.set("client_secret", input.credential.secret);
  } else if (input.credential.kind === "federated") {
    // Asked for again on every request: a token file is rotated in place, a job's token expires.
    form.set("client_assertion_type", JWT_BEARER);
    form.set("client_assertion", await acquireFederatedToken(http, input.credential.source, input.onSensitive));
  } else {
    const assertion = await createClientAssertion({
      pem: input.credential.pem,
      algorithm: input.credential.algorithm,
      clientId: input.clientId,
      audience: input.tokenUrl.href,
      nowMs: input.now(),
    });
    input.onSensitive?.(assertion);
    form.set("client_assertion_type", JWT_BEARER);
    form.set("client_assertion", assertion);
  }
  const clientRequestId = randomUUID();
  try {
    const res = await requestJson(http, {
      method: "POST",
      url: input.tokenUrl,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        "client-request-id": clientRequestId,
        "return-client-request-id": "true",
      },
      body: form.toString(),
    });
    return parseSuccess(res.json, res.headers, clientRequestId, input);
  } catch (err) {
    if (err instanceof HttpStatusError && err.bodyKind === "json") {
      const entra = parseEntraError(err, clientRequestId);
      if (entra) throw entra;
    }
    throw err;
  }
}

function parseSuccess(json: unknown, headers: IncomingHttpHeaders, clientRequestId: string, input: TokenRequestInput): TokenSuccess {
  const body = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  const token = body["access_token"];
  const where = `${input.tokenUrl.origin}${input.tokenUrl.pathname}`;
  if (typeof token !== "string" || token === "") {
    throw new HttpError("ERR_HTTP_BAD_JSON", "POST", where, "HTTP 200 but the body has no access_token");
  }
  input.onSensitive?.(token);
  if (typeof body["token_type"] !== "string" || body["token_type"].toLowerCase() !== "bearer") {
    throw new HttpError("ERR_HTTP_BAD_JSON", "POST", where, `HTTP 200 but token_type is ${JSON.stringify(body["token_type"])}, not Bearer`);
  }
  const expiresIn = typeof body["expires_in"] === "number" ? body["expires_in"] : Number(body["expires_in"]);
  return { accessToken: token, expiresIn: Number.isFinite(expiresIn) ? expiresIn : 0, correlation: headerCorrelation(headers, clientRequestId) };
}

function parseEntraError(err: HttpStatusError, clientRequestId: string): EntraError | undefined {
  const body = err.body as Record<string, unknown> | null;
  if (typeof body !== "object" || body === null || typeof body["error"] !== "string") return undefined;
  const codes = Array.isArray(body["error_codes"]) ? body["error_codes"].filter((c): c is number => typeof c === "number") : [];
  const description = typeof body["error_description"] === "string" ? clip(body["error_description"].split(/\r?\n/)[0] ?? "") : "";
  const correlation: Correlation = {
    ...headerCorrelation(err.headers, clientRequestId),
    ...(typeof body["trace_id"] === "string" ? { traceId: body["trace_id"] } : {}),
    ...(typeof body["correlation_id"] === "string" ? { correlationId: body["correlation_id"] } : {}),
    ...(typeof body["timestamp"] === "string" ? { timestamp: body["timestamp"] } : {}),
  };
  return new EntraError(err.status ?? 0, body["error"], codes, description, correlation, err.headers);
}

function headerCorrelation(headers: IncomingHttpHeaders, clientRequestId: string): Correlation {
  const traceId = single(headers["x-ms-request-id"]);
  const echoed = single(headers["client-request-id"]);
  return { ...(traceId ? { traceId } : {}), clientRequestId: echoed ?? clientRequestId };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
