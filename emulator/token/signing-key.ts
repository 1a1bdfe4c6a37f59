// The emulator's token signing key: one RSA key per emulator, published in the JWKS with its
// certificate, `kid` = `x5t` = base64url SHA-1 thumbprint (as Entra's keys are).
import { generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { issueCertificate } from "../tls/certificate.ts";
import { createSigner } from "./signer.ts";
import type { Signer } from "./signer.ts";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** Signs with privateKey off the main thread (token/signer.ts). */
  signer: Signer;
  publicKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function createSigningKey(now: number): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const name = "accounts.emulator.local";
  const cert = issueCertificate({
    subject: name, publicKey, issuer: { name, privateKey, publicKey },
    notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 5 * 365 * 86_400_000),
  });
  const kid = cert.thumbprintSha1.toString("base64url");
  const { n, e } = publicKey.export({ format: "jwk" });
  return {
    kid, privateKey, publicKey, signer: createSigner(privateKey),
    jwk: { kty: "RSA", use: "sig", kid, x5t: kid, n, e, x5c: [cert.der.toString("base64")], cloud_instance_name: "microsoftonline.com" },
  };
}
