// Token signing on the thread pool: every signature, however many are made at once, verifies.
import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSigner } from "../../emulator/token/signer.ts";

describe("createSigner", () => {
  it("signs RS256 correctly with more signatures in flight than it keeps key copies", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKey = createPublicKey(privateKey);
    const signer = createSigner(privateKey);
    const payloads = Array.from({ length: 150 }, (_, i) => Buffer.from(`header.payload-${i}`));
    const signatures = await Promise.all(payloads.map((payload) => signer.sign(payload)));
    payloads.forEach((payload, i) => expect(verify("sha256", payload, publicKey, signatures[i]!)).toBe(true));
    expect(verify("sha256", payloads[0]!, publicKey, signatures[1]!)).toBe(false);
  });
});
