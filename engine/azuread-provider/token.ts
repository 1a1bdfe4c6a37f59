// OAuth 2.0 client credentials, as any daemon does it: used by the runner for the deployer's Graph
// token and by the demo's consumer. Never logs or returns the secret; the token only to the caller.

import { httpJson, type HttpOptions } from "./http.ts";
import { ServiceError } from "./errors.ts";

export interface ClientCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export type TokenOutcome =
  | { readonly ok: true; readonly accessToken: string }
  /** `code`: "AADSTS<n>" from `error_codes`, else the OAuth `error`, else "HTTP <status>". */
  | { readonly ok: false; readonly status: number; readonly code: string; readonly error: ServiceError };

export async function requestToken(http: HttpOptions, authorityHost: string, scope: string, credentials: ClientCredentials): Promise<TokenOutcome> {
  const path = `/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope,
  }).toString();
  const answer = await httpJson(http, "POST", `${authorityHost.replace(/\/+$/, "")}${path}`, { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body);
  const json = (answer.json ?? {}) as Record<string, unknown>;
  if (answer.status === 200 && typeof json["access_token"] === "string") return { ok: true, accessToken: json["access_token"] };
  const codes = Array.isArray(json["error_codes"]) ? (json["error_codes"] as unknown[]) : [];
  const code = typeof codes[0] === "number" ? `AADSTS${codes[0]}` : typeof json["error"] === "string" ? json["error"] : `HTTP ${answer.status}`;
  // error_description echoes no secret; keep only its first line (the AADSTS message).
  const description = typeof json["error_description"] === "string" ? (json["error_description"].split(/\r?\n/)[0] ?? "") : "";
  const error = new ServiceError("TOKEN_ERROR", {
    method: "POST",
    path,
    status: answer.status,
    serviceCode: code,
    message: description,
    requestId: typeof json["correlation_id"] === "string" ? json["correlation_id"] : undefined,
  });
  return { ok: false, status: answer.status, code, error };
}

/** A token or a TOKEN_ERROR. */
export async function acquireToken(http: HttpOptions, authorityHost: string, scope: string, credentials: ClientCredentials): Promise<string> {
  const outcome = await requestToken(http, authorityHost, scope, credentials);
  if (!outcome.ok) throw outcome.error;
  return outcome.accessToken;
}

/**
 * Claims of an access token, decoded without checking the signature: Graph tokens cannot be
 * verified by third parties (FACTS.md), and the runner only reads who it is (oid, tid, appid).
 */
export function tokenClaims(accessToken: string): Record<string, unknown> {
  const payload = accessToken.split(".")[1] ?? "";
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}
