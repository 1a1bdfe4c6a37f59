// Certificate credential: the client assertion JWT Entra accepts instead of a secret (FACTS.md).
import { createHash, createPrivateKey, randomUUID, X509Certificate, type KeyObject } from "node:crypto";

export interface CertificateMaterial {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** base64url SHA-1 of the DER certificate (header `x5t`, with RS256). */
  x5t: string;
  /** base64url SHA-256 of the DER certificate (header `x5t#S256`, with PS256). */
  x5tS256: string;
}

export class CertificateError extends Error {
  readonly code = "ERR_CERTIFICATE";
  constructor(message: string) {
    super(message);
    this.name = "CertificateError";
  }
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** Reads the private key and the first certificate from one PEM text (the Azure SDKs' format). */
export function parseCertificatePem(pem: string): CertificateMaterial {
  const certText = CERT_BLOCK.exec(pem)?.[0];
  const keyText = KEY_BLOCK.exec(pem)?.[0];
  if (!certText || !keyText) {
    throw new CertificateError(`the PEM must hold a private key and a certificate; found ${keyText ? "" : "no private key"}${!keyText && !certText ? " and " : ""}${certText ? "" : "no certificate"}`);
  }
  if (keyText.includes("ENCRYPTED")) throw new CertificateError("the private key is encrypted; export it without a password (as the Azure SDKs expect)");
  let privateKey: KeyObject;
  let certificate: X509Certificate;
  try {
    privateKey = createPrivateKey(keyText);
    certificate = new X509Certificate(certText);
  } catch {
    // The parser's message may quote key material: say what failed, not why.
    throw new CertificateError("the PEM could not be read as a private key and an X.509 certificate");
  }
  if (privateKey.asymmetricKeyType !== "rsa") throw new CertificateError(`the private key is ${privateKey.asymmetricKeyType ?? "unknown"}, but Entra certificate credentials are RSA`);
  if (!certificate.checkPrivateKey(privateKey)) throw new CertificateError("the private key does not belong to the certificate");
  return {
    privateKey,
    certificate,
    x5t: createHash("sha1").update(certificate.raw).digest("base64url"),
    x5tS256: createHash("sha256").update(certificate.raw).digest("base64url"),
  };
}

export interface AssertionInput {
  pem: string;
  algorithm: "PS256" | "RS256";
  clientId: string;
  /** The token endpoint URL. */
  audience: string;
  nowMs: number;
  /** Validity, seconds (default 600, as MSAL). */
  lifetimeSeconds?: number;
}

/** A signed client assertion: iss = sub = clientId, aud = token endpoint, jti, nbf/iat/exp. */
export async function createClientAssertion(input: AssertionInput): Promise<string> {
  const material = parseCertificatePem(input.pem);
  // Loaded here, not at start-up: only certificate credentials sign, and most runs use a secret.
  const { SignJWT } = await import("jose/jwt/sign");
  const now = Math.floor(input.nowMs / 1000);
  const header =
    input.algorithm === "PS256"
      ? { alg: "PS256", typ: "JWT", "x5t#S256": material.x5tS256 }
      : { alg: "RS256", typ: "JWT", x5t: material.x5t };
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader(header)
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (input.lifetimeSeconds ?? 600))
    .sign(material.privateKey);
}
