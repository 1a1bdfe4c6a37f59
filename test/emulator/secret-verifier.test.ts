// Client secrets are checked against scrypt hashes once per (credential, secret) and remembered:
// what is remembered must never outlive the credential, nor turn a wrong secret right.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.ts";
import type { Emulator, WorkloadCredentials } from "../../emulator/index.ts";
import { hashSecret } from "../../emulator/store/secrets.ts";
import type { PasswordCredentialRecord } from "../../emulator/store/types.ts";
import { createSecretVerifier } from "../../emulator/token/secret-verifier.ts";
import { getToken, graph, GRAPH_SCOPE, tokenRequest } from "./helpers.ts";

let emulator: Emulator;
let deployerToken: string;

beforeAll(async () => {
  emulator = await startEmulator();
  deployerToken = await getToken(emulator, emulator.control.createDeployer());
});

afterAll(async () => {
  await emulator?.close();
});

const ask = (workload: WorkloadCredentials, secret = workload.clientSecret) => tokenRequest(emulator, workload.tenantId, {
  grant_type: "client_credentials", client_id: workload.clientId, client_secret: secret, scope: GRAPH_SCOPE,
});
const errorCode = (response: Awaited<ReturnType<typeof ask>>): unknown => (response.body.error_codes as unknown[] | undefined)?.[0];

describe("remembered secret checks", () => {
  it("a secret that worked is refused once its credential is removed", async () => {
    const workload = emulator.control.createWorkload({ displayName: "removed", permissions: [] });
    for (let i = 0; i < 3; i++) expect((await ask(workload)).status).toBe(200);
    const removed = await graph(emulator, deployerToken, "POST", `/applications/${workload.applicationObjectId}/removePassword`, { keyId: workload.secretKeyId });
    expect(removed.status).toBe(204);
    const response = await ask(workload);
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe(7000215);
  });

  it("a secret that worked is refused as expired once its credential expires", async () => {
    const local = await startEmulator();
    try {
      const workload = local.control.createWorkload({ displayName: "expiring", permissions: [], secretLifetimeDays: 1 });
      const ask = () => tokenRequest(local, workload.tenantId, { grant_type: "client_credentials", client_id: workload.clientId, client_secret: workload.clientSecret, scope: GRAPH_SCOPE });
      expect((await ask()).status).toBe(200);
      local.control.advanceClock(2 * 86_400_000);
      const response = await ask();
      expect(response.status).toBe(401);
      expect((response.body.error_codes as unknown[])[0]).toBe(7000222);
    } finally {
      await local.close();
    }
  });

  it("a wrong secret stays wrong however often it is sent, and the right one stays right", async () => {
    const workload = emulator.control.createWorkload({ displayName: "guessed", permissions: [] });
    for (let i = 0; i < 3; i++) {
      expect(errorCode(await ask(workload, `${workload.clientSecret}x`))).toBe(7000215);
      expect((await ask(workload)).status).toBe(200);
    }
  });

  it("a new secret works beside an old one, each against its own credential", async () => {
    const workload = emulator.control.createWorkload({ displayName: "rotated", permissions: [] });
    expect((await ask(workload)).status).toBe(200);
    const added = await graph(emulator, deployerToken, "POST", `/applications/${workload.applicationObjectId}/addPassword`, { passwordCredential: { displayName: "second" } });
    const second = String(added.body.secretText);
    expect((await ask(workload, second)).status).toBe(200);
    expect((await ask(workload)).status).toBe(200);
  });
});

describe("createSecretVerifier", () => {
  const credential = (secret: string): PasswordCredentialRecord => ({
    keyId: "k", displayName: null, hint: "abc", startDateTime: 0, endDateTime: 1, createdAt: 0, ...hashSecret(secret),
  });

  it("answers from the hash, and the same answer when asked again", async () => {
    const verifier = createSecretVerifier();
    const stored = credential("right");
    expect(await verifier.matches("right", stored)).toBe(true);
    expect(await verifier.matches("right", stored)).toBe(true);
    expect(await verifier.matches("wrong", stored)).toBe(false);
    expect(await verifier.matches("wrong", stored)).toBe(false);
  });

  it("never carries an answer over to another credential with another hash", async () => {
    const verifier = createSecretVerifier();
    expect(await verifier.matches("right", credential("right"))).toBe(true);
    expect(await verifier.matches("right", credential("other"))).toBe(false);
  });

  it("keeps answering correctly past its per-credential memory", async () => {
    const verifier = createSecretVerifier();
    const stored = credential("right");
    const guesses = await Promise.all(Array.from({ length: 80 }, (_, i) => verifier.matches(`guess-${i}`, stored)));
    expect(guesses.every((match) => !match)).toBe(true);
    expect(await verifier.matches("right", stored)).toBe(true);
  });
});
