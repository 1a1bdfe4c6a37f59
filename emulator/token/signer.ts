// RS256 signing on libuv's thread pool (crypto.sign with a callback). Once secrets are checked
// from memory, the RSA-2048 signature is the largest CPU cost of a token request; off the main
// thread it runs on the machine's other cores while the main thread serves HTTP.
//
// Node.js guards each key object with a mutex, and creating a signing job takes it too: with one
// shared key object the pool threads sign one at a time and the main thread stalls behind them
// (measured: a quarter of its time). So every job borrows a key object that no other job is
// using: a free list of copies of the same key, grown on demand up to MAX_COPIES.
import { createPrivateKey, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";

const MAX_COPIES = 64;

export interface Signer {
  /** RSASSA-PKCS1-v1_5 with SHA-256 (JWS RS256) over `data`. */
  sign(data: Buffer): Promise<Buffer>;
}

export function createSigner(privateKey: KeyObject): Signer {
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  const free: KeyObject[] = [privateKey];
  const waiting: ((key: KeyObject) => void)[] = [];
  let copies = 1;

  const borrow = (): KeyObject | Promise<KeyObject> => {
    const key = free.pop();
    if (key) return key;
    if (copies < MAX_COPIES) {
      copies++;
      return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const giveBack = (key: KeyObject): void => {
    const next = waiting.shift();
    if (next) next(key);
    else free.push(key);
  };

  return {
    async sign(data) {
      const key = await borrow();
      return new Promise<Buffer>((resolve, reject) => {
        sign("sha256", data, key, (error, signature) => {
          giveBack(key);
          if (error) reject(error);
          else resolve(signature);
        });
      });
    },
  };
}
