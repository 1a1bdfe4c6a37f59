// What every handler may use: the directory, the clock, the signing key, the secret verifier, the
// test issuers and the keys of any issuer, and the public origin.
import type { Clock } from "./clock.ts";
import type { Directory } from "./directory.ts";
import type { IssuerKeySource } from "./issuers/key-source.ts";
import type { IssuerRegistry } from "./issuers/registry.ts";
import type { SecretVerifier } from "./token/secret-verifier.ts";
import type { SigningKey } from "./token/signing-key.ts";

export interface EmulatorContext {
  directory: Directory;
  clock: Clock;
  signingKey: SigningKey;
  /** Checks presented client secrets against stored hashes, remembering outcomes per credential. */
  secrets: SecretVerifier;
  /** Test OIDC issuers served by this emulator (/_issuers/{name}). */
  issuers: IssuerRegistry;
  /** Signing keys of the issuer a federated assertion names: this emulator's own, or fetched. */
  issuerKeys: IssuerKeySource;
  /** "http(s)://127.0.0.1:PORT": both the authority host and the Graph endpoint. */
  origin: string;
}
