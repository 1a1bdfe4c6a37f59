// Graph's front door: a bearer token this emulator issued, still valid, for Graph's audience
// and an existing tenant (401 InvalidAuthenticationToken otherwise); then role checks (403).
import type { IncomingMessage } from "node:http";
import { GRAPH, GraphFailure } from "../errors.ts";
import type { EmulatorContext } from "../context.ts";
import { MICROSOFT_GRAPH_APP_ID } from "../catalog/graph-permissions.ts";
import { checkAccessToken } from "../token/access-token.ts";
import type { AccessTokenClaims } from "../token/access-token.ts";
import type { Tenant } from "../store/types.ts";

/** Lifetime checks allow five minutes of clock skew, like Microsoft's token validation. */
const SKEW_SECONDS = 300;

export interface GraphCaller {
  tenant: Tenant;
  claims: AccessTokenClaims;
  roles: ReadonlySet<string>;
  /** Object id of the calling service principal (the token's `oid`). */
  principalId: string;
}

/** The audiences Graph accepts: Graph's public identifiers and this emulator's own origin. */
export function graphAudiences(origin: string): string[] {
  return ["https://graph.microsoft.com", "https://graph.microsoft.com/", MICROSOFT_GRAPH_APP_ID, origin, `${origin}/`];
}

export function authenticateGraph(emulator: EmulatorContext, req: IncomingMessage, now: number): GraphCaller {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.*)$/i.exec(header);
  const token = match?.[1]?.trim() ?? "";
  if (token === "") throw new GraphFailure(GRAPH.TOKEN_EMPTY);
  if (!token.includes(".")) throw new GraphFailure(GRAPH.TOKEN_MALFORMED);
  const checked = checkAccessToken(token, emulator.signingKey);
  if (!checked.ok) throw new GraphFailure(checked.reason === "malformed" ? GRAPH.TOKEN_MALFORMED : GRAPH.TOKEN_INVALID);
  const { claims } = checked;
  const seconds = now / 1000;
  if (typeof claims.exp !== "number" || seconds >= claims.exp + SKEW_SECONDS) throw new GraphFailure(GRAPH.TOKEN_EXPIRED);
  if (typeof claims.nbf === "number" && seconds < claims.nbf - SKEW_SECONDS) throw new GraphFailure(GRAPH.TOKEN_INVALID);
  if (!graphAudiences(emulator.origin).includes(claims.aud)) throw new GraphFailure(GRAPH.TOKEN_AUDIENCE);
  const tenant = typeof claims.tid === "string" ? emulator.directory.store.findTenant(claims.tid) : undefined;
  if (!tenant || claims.iss !== `https://sts.windows.net/${tenant.id}/`) throw new GraphFailure(GRAPH.TOKEN_TENANT);
  return { tenant, claims, roles: new Set(claims.roles ?? []), principalId: claims.oid };
}

export const hasAnyRole = (caller: GraphCaller, roles: readonly string[]): boolean => roles.some((role) => caller.roles.has(role));

export function requireAnyRole(caller: GraphCaller, roles: readonly string[]): void {
  if (!hasAnyRole(caller, roles)) throw new GraphFailure(GRAPH.DENIED);
}
