// Certificate client assertions (private_key_jwt): RS256 signed with `x5t` (SHA-1 thumbprint)
// or PS256 with `x5t#S256`, aud = the token endpoint, iss = sub = client_id, and a valid time
// window with Entra's five minutes of clock skew.
import { compactVerify, decodeJwt, decodeProtectedHeader } from "jose";
import { AADSTS } from "../errors.ts";
import type { ApplicationRecord, KeyCredentialRecord, Tenant } from "../store/types.ts";
import type { Rejection } from "./rejection.ts";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const SKEW_SECONDS = 300;

export interface AssertionInput {
  assertion: string;
  assertionType: string | null;
  clientId: string;
  app: ApplicationRecord;
  tenant: Tenant;
  /** Every URL the assertion's `aud` may name: this tenant's token endpoint (v2 and v1 forms). */
  audiences: readonly string[];
  now: number;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();
const hex = (base64url: string): string => Buffer.from(base64url, "base64url").toString("hex").toUpperCase();

/** Header and claims of a client assertion, unverified, or Entra's answer to one that is not a JWT. */
export function decodeAssertion(assertion: string): { header: ReturnType<typeof decodeProtectedHeader>; claims: ReturnType<typeof decodeJwt> } | Rejection {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    return { error: AADSTS.ASSERTION_MALFORMED, args: [] };
  }
}

export async function checkClientAssertion(input: AssertionInput): Promise<Rejection | undefined> {
  if (input.assertionType !== JWT_BEARER) {
    return input.assertionType === null
      ? { error: AADSTS.MISSING_PARAMETER, args: ["client_assertion_type"] }
      : { error: AADSTS.ASSERTION_TYPE, args: [input.assertionType] };
  }
  const decoded = decodeAssertion(input.assertion);
  if ("error" in decoded) return decoded;
  const { header, claims } = decoded;
  const x5tS256 = typeof header["x5t#S256"] === "string" ? header["x5t#S256"] : undefined;
  const x5t = typeof header.x5t === "string" ? header.x5t : undefined;
  const thumbprint = x5tS256 ?? x5t ?? "";
  const replicated = input.app.keyCredentials.filter((key) => input.now - key.createdAt >= input.tenant.replication.secretMs);
  const key: KeyCredentialRecord | undefined = replicated.find((candidate) =>
    x5tS256 !== undefined ? candidate.thumbprintSha256 === x5tS256 : candidate.thumbprintSha1 === x5t);
  if (!key) return { error: AADSTS.ASSERTION_KEY_NOT_FOUND, args: [hex(thumbprint), input.app.appId] };
  if (input.now < key.startDateTime || input.now >= key.endDateTime) {
    return { error: AADSTS.ASSERTION_KEY_EXPIRED, args: [hex(thumbprint), new Date(key.startDateTime).toISOString(), new Date(key.endDateTime).toISOString()] };
  }
  if (header.alg !== "RS256" && header.alg !== "PS256") {
    return { error: AADSTS.ASSERTION_SIGNATURE, args: [`The algorithm '${String(header.alg)}' is not supported; use RS256 or PS256.`] };
  }
  try {
    await compactVerify(input.assertion, key.publicKey, { algorithms: [header.alg] });
  } catch {
    return { error: AADSTS.ASSERTION_SIGNATURE, args: [] };
  }
  const audiences = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const wanted = input.audiences.map((aud) => aud.toLowerCase());
  if (!audiences.some((aud) => wanted.includes(aud.toLowerCase()))) return { error: AADSTS.ASSERTION_AUDIENCE, args: [] };
  if (claims.iss !== input.clientId || claims.sub !== input.clientId) return { error: AADSTS.ASSERTION_SUBJECT, args: [] };
  if (typeof claims.exp !== "number" || typeof claims.jti !== "string" || claims.jti.length === 0) {
    return { error: AADSTS.ASSERTION_MALFORMED, args: [] };
  }
  const now = Math.floor(input.now / 1000);
  const nbf = typeof claims.nbf === "number" ? claims.nbf : typeof claims.iat === "number" ? claims.iat : now;
  if (nbf > now + SKEW_SECONDS || claims.exp < now - SKEW_SECONDS) {
    return { error: AADSTS.ASSERTION_TIME, args: [iso(now), iso(nbf), iso(claims.exp)] };
  }
  return undefined;
}
