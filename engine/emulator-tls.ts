// The emulator's HTTPS identity for a process that must trust it from its start: Node.js reads
// NODE_EXTRA_CA_CERTS once, when it starts, so the CA is made (and written) first and the process
// that runs the program, verify and the consumer is started with it (npm start re-executes itself;
// the engine tests' global setup does it before the test workers start).

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createServerCredentials, type ServerCredentials } from "../emulator/index.ts";

const FILES = { caPem: "ca.pem", certPem: "server.pem", keyPem: "server-key.pem" } as const;

/** A fresh CA and server certificate in `dir`; returns the CA file for NODE_EXTRA_CA_CERTS. */
export async function writeEmulatorTls(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const credentials = createServerCredentials(new Date());
  for (const [key, file] of Object.entries(FILES)) {
    await writeFile(join(dir, file), credentials[key as keyof ServerCredentials], { mode: key === "keyPem" ? 0o600 : 0o644 });
  }
  return join(dir, FILES.caPem);
}

export async function readEmulatorTls(dir: string): Promise<ServerCredentials> {
  const [caPem, certPem, keyPem] = await Promise.all([FILES.caPem, FILES.certPem, FILES.keyPem].map((file) => readFile(join(dir, file), "utf8")));
  return { caPem: caPem ?? "", certPem: certPem ?? "", keyPem: keyPem ?? "" };
}
