// What a federated token says about itself: issuer, subject, audiences and lifetime. Decoded, not
// verified (Entra verifies it against the issuer's keys); the token itself is never quoted.
import { decodeJwt } from "jose/jwt/decode";

export interface FederatedClaims {
  iss: string;
  sub: string;
  aud: string[];
  /** Epoch seconds, when present. */
  exp?: number;
  nbf?: number;
}

/** Thrown for a federated token verify could not get or read; `code` is its catalog code. */
export class FederatedTokenError extends Error {
  readonly code: "ERR_FEDERATED_TOKEN" | "ERR_GITHUB_OIDC";
  constructor(code: FederatedTokenError["code"], message: string) {
    super(message);
    this.name = "FederatedTokenError";
    this.code = code;
  }
}

/** The claims Entra matches against federated credentials; throws FederatedTokenError naming `from`. */
export function decodeFederatedToken(token: string, from: string): FederatedClaims {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch {
    throw new FederatedTokenError("ERR_FEDERATED_TOKEN", `the federated token from ${from} is not a readable JWT`);
  }
  const aud = typeof payload["aud"] === "string" ? [payload["aud"]] : Array.isArray(payload["aud"]) ? payload["aud"].filter((a): a is string => typeof a === "string") : [];
  const missing = [typeof payload["iss"] !== "string" && "iss", typeof payload["sub"] !== "string" && "sub", aud.length === 0 && "aud"].filter(Boolean);
  if (missing.length > 0) throw new FederatedTokenError("ERR_FEDERATED_TOKEN", `the federated token from ${from} has no ${missing.join(", ")} claim, which Entra matches against the federated credential`);
  return {
    iss: payload["iss"] as string,
    sub: payload["sub"] as string,
    aud,
    ...(typeof payload["exp"] === "number" ? { exp: payload["exp"] } : {}),
    ...(typeof payload["nbf"] === "number" ? { nbf: payload["nbf"] } : {}),
  };
}
