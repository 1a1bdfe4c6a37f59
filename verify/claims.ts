// What the access token says, checked against the workload. Decoded, not signature-checked: Graph
// tokens carry a `nonce` header and cannot be verified by third parties (FACTS.md).
// jose's decode-only entry point: the full `jose` index loads every JWS/JWE/JWK module (~50 ms of a
// cold start) for a function that is base64url and JSON.
import { decodeJwt } from "jose/jwt/decode";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface TokenClaims {
  aud: string[];
  tid?: string;
  /** `appid` (v1 tokens) or `azp` (v2). */
  appid?: string;
  idtyp?: string;
  oid?: string;
  exp?: number;
  /** How the client authenticated: `appidacr` (v1 tokens) or `azpacr` (v2); "1" secret, "2" certificate or federated token. */
  appidacr?: string;
  roles: string[];
}

export class TokenUnreadableError extends Error {
  readonly code = "ERR_TOKEN_UNREADABLE";
  constructor() {
    // The token itself is never quoted.
    super("the access token is not a readable JWT");
    this.name = "TokenUnreadableError";
  }
}

export function decodeAccessToken(token: string): TokenClaims {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch {
    throw new TokenUnreadableError();
  }
  const str = (key: string): string | undefined => (typeof payload[key] === "string" ? (payload[key] as string) : undefined);
  const aud = payload["aud"];
  const roles = payload["roles"];
  const appid = str("appid") ?? str("azp");
  const tid = str("tid");
  const idtyp = str("idtyp");
  const oid = str("oid");
  const appidacr = str("appidacr") ?? str("azpacr");
  return {
    aud: typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [],
    roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [],
    ...(appid !== undefined ? { appid } : {}),
    ...(tid !== undefined ? { tid } : {}),
    ...(idtyp !== undefined ? { idtyp } : {}),
    ...(oid !== undefined ? { oid } : {}),
    ...(appidacr !== undefined ? { appidacr } : {}),
    ...(typeof payload["exp"] === "number" ? { exp: payload["exp"] } : {}),
  };
}

export interface ClaimExpectations {
  /** The requested scope, e.g. https://graph.microsoft.com/.default. */
  scope: string;
  /** Compared with `tid` only when it is a GUID (a domain name cannot be). */
  tenantId: string;
  clientId: string;
  servicePrincipalObjectId?: string;
  /** "2" when the client signed in with a certificate or a federated token; unchecked when absent. */
  appidacr?: "2";
  nowMs: number;
  /** Tolerated clock difference, ms (default 5 minutes, as Entra ID itself). */
  skewMs?: number;
}

export interface ClaimMismatch {
  claim: "aud" | "tid" | "appid" | "idtyp" | "oid" | "appidacr" | "exp";
  expected: string;
  actual: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Every claim that does not match; empty when the token is for this workload and still valid. */
export function checkClaims(claims: TokenClaims, expected: ClaimExpectations): ClaimMismatch[] {
  const mismatches: ClaimMismatch[] = [];
  const resource = expected.scope.replace(/\/\.default$/, "");
  const audiences = [resource, `${resource}/`, GRAPH_APP_ID];
  if (!claims.aud.some((a) => audiences.some((x) => same(a, x)))) {
    mismatches.push({ claim: "aud", expected: resource, actual: claims.aud.join(", ") || "(none)" });
  }
  if (GUID.test(expected.tenantId) && !same(claims.tid, expected.tenantId)) {
    mismatches.push({ claim: "tid", expected: expected.tenantId, actual: claims.tid ?? "(none)" });
  }
  if (!same(claims.appid, expected.clientId)) {
    mismatches.push({ claim: "appid", expected: expected.clientId, actual: claims.appid ?? "(none)" });
  }
  // Absent in some older tokens; when present it must say this is an app-only token.
  if (claims.idtyp !== undefined && claims.idtyp !== "app") {
    mismatches.push({ claim: "idtyp", expected: "app", actual: claims.idtyp });
  }
  if (expected.servicePrincipalObjectId !== undefined && claims.oid !== undefined && !same(claims.oid, expected.servicePrincipalObjectId)) {
    mismatches.push({ claim: "oid", expected: expected.servicePrincipalObjectId, actual: claims.oid });
  }
  if (expected.appidacr !== undefined && claims.appidacr !== expected.appidacr) {
    mismatches.push({ claim: "appidacr", expected: `${expected.appidacr} (a certificate or federated credential)`, actual: claims.appidacr ?? "(none)" });
  }
  const skew = expected.skewMs ?? 5 * 60_000;
  if (claims.exp === undefined || claims.exp * 1000 <= expected.nowMs - skew) {
    mismatches.push({ claim: "exp", expected: `after ${new Date(expected.nowMs).toISOString()}`, actual: claims.exp === undefined ? "(none)" : new Date(claims.exp * 1000).toISOString() });
  }
  return mismatches;
}

/** Expected permissions absent from the token's roles (role values are case-sensitive). */
export function missingRoles(claims: TokenClaims, permissions: readonly string[]): string[] {
  return permissions.filter((p) => !claims.roles.includes(p));
}

/** Roles in the token that the expected permissions do not list: grants made outside the stack (least privilege). */
export function extraRoles(claims: TokenClaims, permissions: readonly string[]): string[] {
  return claims.roles.filter((r) => !permissions.includes(r));
}
