// Federated client assertions (workload identity federation): a token from an external OIDC issuer
// (GitHub Actions, a Kubernetes cluster, an emulator issuer) presented as client_assertion. It must
// match one of the application's federated identity credentials exactly (issuer, subject, one of
// its audiences; case-sensitive since August 2024), be within its time range, and carry a valid
// RS256 signature by a key the issuer publishes.
//
// The order of the checks (issuer, subject, audience, time, keys, signature) is the emulator's: no
// source says in which order Entra makes them, only which code each failure gets (errors.ts).
import { createPublicKey, type KeyObject } from "node:crypto";
import { compactVerify, decodeJwt } from "jose";
import { AADSTS } from "../errors.ts";
import type { IssuerKeySource } from "../issuers/key-source.ts";
import type { ApplicationRecord, FederatedIdentityCredentialRecord, Tenant } from "../store/types.ts";
import { decodeAssertion } from "./client-assertion.ts";
import type { Rejection } from "./rejection.ts";

const SKEW_SECONDS = 300;

/**
 * A client assertion is federated when its issuer is an identity provider's URL: a certificate
 * assertion has iss = sub = client_id (a GUID; one naming another GUID is answered 700021 by the
 * certificate path), an external token has its platform's issuer, and federated credentials trust
 * URLs only. Malformed ones are left to the certificate path, which answers them 50027. How Entra
 * itself tells the two apart is not documented.
 */
export function isFederatedAssertion(assertion: string, clientId: string): boolean {
  try {
    const { iss } = decodeJwt(assertion);
    return typeof iss === "string" && iss.toLowerCase() !== clientId.toLowerCase() && /^https?:\/\//i.test(iss);
  } catch {
    return false;
  }
}

export interface FederatedAssertionInput {
  assertion: string;
  app: ApplicationRecord;
  tenant: Tenant;
  now: number;
  keys: IssuerKeySource;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** The credential the token matches, or why none does (Entra's codes for each kind of mismatch). */
export function matchFederatedCredential(
  credentials: readonly FederatedIdentityCredentialRecord[], iss: string, sub: string, audiences: readonly string[],
): { credential: FederatedIdentityCredentialRecord } | Rejection {
  if (credentials.length === 0) return { error: AADSTS.FEDERATED_NO_RECORD, args: [iss, sub, audiences.join(", ")] };
  const sameIssuer = credentials.filter((credential) => credential.issuer === iss);
  if (sameIssuer.length === 0) return { error: AADSTS.FEDERATED_ISSUER, args: [iss] };
  const sameSubject = sameIssuer.filter((credential) => credential.subject === sub);
  if (sameSubject.length === 0) {
    const caseOnly = sameIssuer.some((credential) => credential.subject.toLowerCase() === sub.toLowerCase());
    return { error: caseOnly ? AADSTS.FEDERATED_SUBJECT_CASE : AADSTS.FEDERATED_SUBJECT, args: [sub] };
  }
  const credential = sameSubject.find((candidate) => candidate.audiences.some((audience) => audiences.includes(audience)));
  return credential ? { credential } : { error: AADSTS.FEDERATED_AUDIENCE, args: [audiences.join(", ")] };
}

function keyFor(jwks: readonly Record<string, unknown>[], kid: string | undefined): KeyObject | undefined {
  const rsa = jwks.filter((jwk) => jwk["kty"] === "RSA" && (jwk["use"] === undefined || jwk["use"] === "sig"));
  const jwk = kid !== undefined ? rsa.find((candidate) => candidate["kid"] === kid) : rsa.length === 1 ? rsa[0] : undefined;
  if (!jwk) return undefined;
  try {
    return createPublicKey({ key: jwk as { kty: string }, format: "jwk" });
  } catch {
    return undefined;
  }
}

export async function checkFederatedAssertion(input: FederatedAssertionInput): Promise<Rejection | undefined> {
  const decoded = decodeAssertion(input.assertion);
  if ("error" in decoded) return decoded;
  const { header, claims } = decoded;
  const { iss, sub } = claims;
  const audiences = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === "string") : [];
  if (typeof iss !== "string" || typeof sub !== "string" || audiences.length === 0 || typeof claims.exp !== "number") {
    return { error: AADSTS.ASSERTION_MALFORMED, args: [] };
  }

  // A credential created moments ago has not replicated yet: as for secrets, on the tenant's delay.
  const replicated = input.app.federatedIdentityCredentials.filter((credential) => input.now - credential.createdAt >= input.tenant.replication.secretMs);
  const matched = matchFederatedCredential(replicated, iss, sub, audiences);
  if ("error" in matched) return matched;

  const now = Math.floor(input.now / 1000);
  const nbf = typeof claims.nbf === "number" ? claims.nbf : typeof claims.iat === "number" ? claims.iat : now;
  if (nbf > now + SKEW_SECONDS || claims.exp < now - SKEW_SECONDS) {
    return { error: AADSTS.ASSERTION_TIME, args: [iso(now), iso(nbf), iso(claims.exp)] };
  }

  // Workload identity federation supports RS256 only (Microsoft Learn: "Supported signing algorithms and issuers").
  if (header.alg !== "RS256") {
    return { error: AADSTS.FEDERATED_SIGNATURE, args: [`The token is signed with '${String(header.alg)}'; workload identity federation accepts RS256.`] };
  }
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  let lookup = await input.keys.resolve(iss);
  if (!lookup.ok) return { error: AADSTS.EXTERNAL_OIDC_FAILED, args: [lookup.reason] };
  let key = keyFor(lookup.keys.keys, kid);
  if (!key && lookup.remote) {
    lookup = await input.keys.resolve(iss, { refresh: true });
    if (!lookup.ok) return { error: AADSTS.EXTERNAL_OIDC_FAILED, args: [lookup.reason] };
    key = keyFor(lookup.keys.keys, kid);
  }
  if (!key) return { error: AADSTS.FEDERATED_KEY_NOT_FOUND, args: [kid ?? "(no kid)", iss] };
  try {
    await compactVerify(input.assertion, key, { algorithms: ["RS256"] });
  } catch {
    return { error: AADSTS.FEDERATED_SIGNATURE, args: ["The provided signature value did not match the expected signature value."] };
  }
  return undefined;
}
