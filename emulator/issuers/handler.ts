// GET /_issuers/{name}/.well-known/openid-configuration and GET /_issuers/{name}/.well-known/jwks:
// what an identity provider publishes for relying parties, without authentication.
import type { ServerResponse } from "node:http";
import { sendJson } from "../http/respond.ts";
import { decodeSegment } from "../http/request-target.ts";
import { discoveryDocument, ISSUER_PREFIX, type IssuerRegistry } from "./registry.ts";

const ROUTE = /^\/_issuers\/([^/]+)\/\.well-known\/(openid-configuration|jwks)$/;
const CACHE = { "Cache-Control": "max-age=3600, public" };

export function handleIssuer(registry: IssuerRegistry, method: string, path: string, res: ServerResponse): void {
  const match = ROUTE.exec(path);
  const issuer = match ? registry.get(decodeSegment(match[1] ?? "") ?? "") : undefined;
  if (!match || !issuer) {
    return sendJson(res, 404, { error: { code: "NotFound", message: `no issuer document at ${path}; an issuer serves ${ISSUER_PREFIX}/{name}/.well-known/openid-configuration and ${ISSUER_PREFIX}/{name}/.well-known/jwks` } });
  }
  if (method !== "GET" && method !== "HEAD") {
    return sendJson(res, 405, { error: { code: "MethodNotAllowed", message: `${method} is not allowed on ${path}; use GET` } }, { Allow: "GET, HEAD" });
  }
  if (match[2] === "jwks") return sendJson(res, 200, { keys: [issuer.jwk] }, CACHE);
  return sendJson(res, 200, discoveryDocument(issuer), CACHE);
}
