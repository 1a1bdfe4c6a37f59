// Checking a presented client secret against a stored credential without paying for scrypt on
// every token request. scrypt (store/secrets.ts) costs about 2 ms of CPU, seven times an RSA
// signature, and a test suite presents the same secret thousands of times.
//
// The first check of a (credential, secret) pair runs scrypt on libuv's thread pool (so it blocks
// no other request); its outcome is then remembered. Entries hang off the credential record in a
// WeakMap, so removing a credential forgets its entries and a new credential starts with none: a
// cached "yes" can never outlive the credential it was checked against. The secret itself is never
// kept, only a SHA-256 of it prefixed with a random key made at start-up, which is worthless
// outside this process (one-shot hash: createHmac costs ~15 µs a call, mostly object set-up).
import { hash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { PasswordCredentialRecord } from "../store/types.ts";
import { SCRYPT_PARAMS } from "../store/secrets.ts";

const scrypt = promisify(scryptCallback) as (password: string, salt: string, keylen: number, options: object) => Promise<Buffer>;

/** Distinct secrets remembered per credential; more (a client guessing) start the memory afresh. */
const MAX_ENTRIES_PER_CREDENTIAL = 64;

export interface SecretVerifier {
  matches(secret: string, credential: PasswordCredentialRecord): Promise<boolean>;
}

export function createSecretVerifier(): SecretVerifier {
  const key = randomBytes(32).toString("base64");
  const outcomes = new WeakMap<PasswordCredentialRecord, Map<string, boolean>>();
  return {
    async matches(secret, credential) {
      const digest = hash("sha256", `${key}:${secret}`, "base64");
      const known = outcomes.get(credential)?.get(digest);
      if (known !== undefined) return known;
      const candidate = await scrypt(secret, credential.salt, 32, SCRYPT_PARAMS);
      const expected = Buffer.from(credential.hash, "base64");
      const match = candidate.length === expected.length && timingSafeEqual(candidate, expected);
      let entries = outcomes.get(credential);
      if (!entries || entries.size >= MAX_ENTRIES_PER_CREDENTIAL) outcomes.set(credential, (entries = new Map()));
      entries.set(digest, match);
      return match;
    },
  };
}
