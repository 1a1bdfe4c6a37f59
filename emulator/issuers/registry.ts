// Test OIDC issuers served by the emulator itself: each stands in for GitHub Actions, a Kubernetes
// cluster or any identity provider whose tokens an application trusts through a federated identity
// credential. Each has its own RSA key, a discovery document and a JWKS under
// `${origin}/_issuers/{name}`, and mints RS256 tokens on the emulator clock.
import { createHash, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { EmulatorError } from "../errors.ts";

/** Where issuers live on the emulator's origin: no tenant, Graph or control route starts so. */
export const ISSUER_PREFIX = "/_issuers";
/** Letters, digits, `-` and `_`: a name is one path segment that needs no escaping. */
const NAME = /^[A-Za-z0-9_-]{1,100}$/;
/** Like a Kubernetes projected service account token (1 h); GitHub's live 5 minutes. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
const MAX_TOKEN_LIFETIME_SECONDS = 366 * 86_400;

export interface PublicJwk {
  kty: "RSA";
  use: "sig";
  alg: "RS256";
  kid: string;
  n: string;
  e: string;
}

export interface TestIssuer {
  name: string;
  /** `${origin}/_issuers/{name}`: the `iss` of its tokens and the prefix of its discovery document. */
  issuer: string;
  jwk: PublicJwk;
  privateKey: KeyObject;
}

export interface MintInput {
  subject: string;
  audience: string;
  /** Default 3600; a whole number of seconds from 1 to a year. */
  expiresInSeconds?: number;
  /** Added to the token last: they may override the standard claims (e.g. to forge one in a test). */
  claims?: Record<string, unknown>;
}

export interface IssuerRegistry {
  create(name: unknown, origin: string): TestIssuer;
  get(name: string): TestIssuer | undefined;
  list(): TestIssuer[];
  /** The issuer whose URL is exactly `iss`, if this emulator serves it. */
  byUrl(iss: string): TestIssuer | undefined;
  /** A signed token (synchronous: an RSA signature takes well under a millisecond). */
  mint(name: string, input: MintInput, nowMs: number): string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order. */
function thumbprint(n: string, e: string): string {
  return createHash("sha256").update(JSON.stringify({ e, kty: "RSA", n })).digest("base64url");
}

export function discoveryDocument(issuer: TestIssuer): Record<string, unknown> {
  return {
    issuer: issuer.issuer,
    jwks_uri: `${issuer.issuer}/.well-known/jwks`,
    subject_types_supported: ["public"],
    response_types_supported: ["id_token"],
    claims_supported: ["sub", "aud", "exp", "iat", "iss", "jti", "nbf"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid"],
  };
}

function checkMintInput(name: string, input: MintInput): void {
  if (input === null || typeof input !== "object") throw new EmulatorError("INVALID_TOKEN_REQUEST", `mintToken('${name}', …) needs {subject, audience}`);
  if (typeof input.subject !== "string" || input.subject === "") {
    throw new EmulatorError("INVALID_SUBJECT", `subject must be a non-empty string (the token's sub, e.g. "repo:contoso/app:environment:production"), got ${JSON.stringify(input.subject)}`);
  }
  if (typeof input.audience !== "string" || input.audience === "") {
    throw new EmulatorError("INVALID_AUDIENCE", `audience must be a non-empty string (the token's aud, e.g. "api://AzureADTokenExchange"), got ${JSON.stringify(input.audience)}`);
  }
  const lifetime = input.expiresInSeconds;
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_TOKEN_LIFETIME_SECONDS)) {
    throw new EmulatorError("INVALID_LIFETIME", `expiresInSeconds must be a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}, got ${JSON.stringify(lifetime)}; for an expired token, mint one and move the clock (advanceClock)`);
  }
  if (input.claims !== undefined && (input.claims === null || typeof input.claims !== "object" || Array.isArray(input.claims))) {
    throw new EmulatorError("INVALID_CLAIMS", `claims must be a JSON object of extra claims, got ${JSON.stringify(input.claims)}`);
  }
}

export function createIssuerRegistry(): IssuerRegistry {
  const issuers = new Map<string, TestIssuer>();
  const require = (name: string): TestIssuer => {
    const issuer = issuers.get(name);
    if (!issuer) throw new EmulatorError("ISSUER_NOT_FOUND", `no issuer named '${name}'; create it first (POST /issuers {"name"} or control.createIssuer)`, 404);
    return issuer;
  };
  return {
    create(name, origin) {
      if (typeof name !== "string" || !NAME.test(name)) {
        throw new EmulatorError("INVALID_ISSUER_NAME", `name must be 1-100 letters, digits, '-' or '_', got ${JSON.stringify(name)}`);
      }
      if (issuers.has(name)) throw new EmulatorError("ISSUER_EXISTS", `an issuer named '${name}' exists already; pick another name`, 409);
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const { n = "", e = "" } = publicKey.export({ format: "jwk" });
      const issuer: TestIssuer = {
        name, issuer: `${origin}${ISSUER_PREFIX}/${name}`, privateKey,
        jwk: { kty: "RSA", use: "sig", alg: "RS256", kid: thumbprint(n, e), n, e },
      };
      issuers.set(name, issuer);
      return issuer;
    },
    get: (name) => issuers.get(name),
    list: () => [...issuers.values()],
    byUrl: (iss) => [...issuers.values()].find((candidate) => candidate.issuer === iss),
    mint(name, input, nowMs) {
      const issuer = require(name);
      checkMintInput(name, input);
      const now = Math.floor(nowMs / 1000);
      const claims = {
        iss: issuer.issuer, sub: input.subject, aud: input.audience, iat: now, nbf: now,
        exp: now + (input.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS), jti: randomUUID(), ...input.claims,
      };
      const signingInput = `${b64({ alg: "RS256", typ: "JWT", kid: issuer.jwk.kid })}.${b64(claims)}`;
      return `${signingInput}.${sign("sha256", Buffer.from(signingInput), issuer.privateKey).toString("base64url")}`;
    },
  };
}
