// Client secrets the way Entra makes them, stored the way a careful service stores them: only a
// salted scrypt hash is kept; the secret text is handed out once, by addPassword.
import { randomBytes, randomInt, scryptSync, timingSafeEqual } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// Entra secrets mix in "~", "." , "_" and "-", which trips up naive shell quoting and URL
// encoding: clients must form-encode them, so the emulator's secrets contain them too.
const SECRET_ALPHABET = `${ALNUM}~._-`;

const pick = (alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");

/** 40 characters: 3-character prefix, the "8Q~" version marker, 34 random characters. */
export function generateClientSecret(): string {
  // At least one "~" among the random part so every emulator secret exercises form encoding.
  const body = pick(SECRET_ALPHABET, 33);
  const at = randomInt(body.length + 1);
  return `${pick(ALNUM, 3)}8Q~${body.slice(0, at)}~${body.slice(at)}`;
}

// Cheap scrypt parameters: the secrets are 200+ bits of randomness, so the hash only has to be
// one-way, not slow. Still about 2 ms of CPU a check: token requests go through
// token/secret-verifier.ts, which remembers outcomes.
export const SCRYPT_PARAMS = { N: 1024, r: 8, p: 1 } as const;

export function hashSecret(secret: string): { salt: string; hash: string } {
  const salt = randomBytes(16).toString("base64");
  return { salt, hash: scryptSync(secret, salt, 32, SCRYPT_PARAMS).toString("base64") };
}

export function secretMatches(secret: string, stored: { salt: string; hash: string }): boolean {
  const candidate = scryptSync(secret, stored.salt, 32, SCRYPT_PARAMS);
  const expected = Buffer.from(stored.hash, "base64");
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
