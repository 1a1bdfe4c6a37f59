// App-only access tokens for Microsoft Graph, v1.0 format (FACTS.md), signed RS256.
//
// Like real Graph tokens they carry a `nonce` header whose signed form differs from the sent
// form (the signature covers SHA-256 of the nonce), so third parties cannot verify them against
// the JWKS: code that works here only by verifying Graph token signatures would break in Azure.
// The emulator's own Graph knows the trick and verifies them. Signing runs off the main thread (token/signer.ts).
import { createHash, randomBytes, verify } from "node:crypto";
import type { SigningKey } from "./signing-key.ts";

export const TOKEN_LIFETIME_SECONDS = 3599;
/** Entra backdates iat/nbf by five minutes for clock skew: exp - iat is observed at 3900 s. */
const BACKDATE_SECONDS = 300;

export interface AccessTokenInput {
  audience: string;
  tenantId: string;
  appId: string;
  appDisplayName: string;
  servicePrincipalId: string;
  roles: string[];
  appidacr: "1" | "2";
  now: number;                                 // emulator clock, epoch ms
}

export interface AccessTokenClaims {
  aud: string; iss: string; iat: number; nbf: number; exp: number; aio: string; app_displayname: string; appid: string;
  appidacr: string; idp: string; idtyp: string; oid: string; rh: string; roles?: string[]; sub: string; tid: string; uti: string; ver: string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const hashedNonce = (nonce: string): string => createHash("sha256").update(nonce).digest("base64url");

export async function issueAccessToken(input: AccessTokenInput, key: SigningKey): Promise<{ token: string; claims: AccessTokenClaims }> {
  const seconds = Math.floor(input.now / 1000);
  // One draw for aio (40 bytes), rh (30), uti (16) and the nonce (32).
  const random = randomBytes(118);
  const part = (from: number, length: number): string => random.subarray(from, from + length).toString("base64url");
  const claims: AccessTokenClaims = {
    aud: input.audience,
    iss: `https://sts.windows.net/${input.tenantId}/`,
    iat: seconds - BACKDATE_SECONDS,
    nbf: seconds - BACKDATE_SECONDS,
    exp: seconds + TOKEN_LIFETIME_SECONDS + 1,
    aio: part(0, 40),
    app_displayname: input.appDisplayName,
    appid: input.appId,
    appidacr: input.appidacr,
    idp: `https://sts.windows.net/${input.tenantId}/`,
    idtyp: "app",
    oid: input.servicePrincipalId,
    rh: `0.${part(40, 30)}.`,
    ...(input.roles.length > 0 ? { roles: input.roles } : {}),
    sub: input.servicePrincipalId,
    tid: input.tenantId,
    uti: part(70, 16),
    ver: "1.0",
  };
  const nonce = part(86, 32);
  const header = { typ: "JWT", nonce, alg: "RS256", x5t: key.kid, kid: key.kid };
  const payload = b64(claims);
  const signature = await key.signer.sign(Buffer.from(`${b64({ ...header, nonce: hashedNonce(nonce) })}.${payload}`));
  return { token: `${b64(header)}.${payload}.${signature.toString("base64url")}`, claims };
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: "malformed" | "signature" };

/** Verifies a token this emulator issued (signature only; lifetime and audience are Graph's job). */
export function checkAccessToken(token: string, key: SigningKey): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  let header: Record<string, unknown>;
  let claims: AccessTokenClaims;
  try {
    header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8")) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8")) as AccessTokenClaims;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof header !== "object" || header === null || typeof claims !== "object" || claims === null) return { ok: false, reason: "malformed" };
  if (header.alg !== "RS256" || header.kid !== key.kid || typeof header.nonce !== "string") return { ok: false, reason: "signature" };
  const signed = `${b64({ ...header, nonce: hashedNonce(header.nonce) })}.${payloadPart}`;
  const valid = verify("sha256", Buffer.from(signed), key.publicKey, Buffer.from(signaturePart, "base64url"));
  return valid ? { ok: true, claims } : { ok: false, reason: "signature" };
}
