// What every handler may use: the directory, the clock, the signing key, the secret verifier and
// the public origin.
import type { Clock } from "./clock.ts";
import type { Directory } from "./directory.ts";
import type { SecretVerifier } from "./token/secret-verifier.ts";
import type { SigningKey } from "./token/signing-key.ts";

export interface EmulatorContext {
  directory: Directory;
  clock: Clock;
  signingKey: SigningKey;
  /** Checks presented client secrets against stored hashes, remembering outcomes per credential. */
  secrets: SecretVerifier;
  /** "http(s)://127.0.0.1:PORT": both the authority host and the Graph endpoint. */
  origin: string;
}
