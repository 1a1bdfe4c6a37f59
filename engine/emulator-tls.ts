// The emulator's HTTPS identity for a process that must trust it from its start: Node.js reads
// NODE_EXTRA_CA_CERTS once, when it starts, so the CA is made (and written) first and the process
// that runs the program, verify and the consumer is started with it (npm start re-executes itself;
// the engine tests' global setup does it before the test workers start).

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { createServerCredentials, type ServerCredentials } from "../emulator/index.ts";

const FILES = { caPem: "ca.pem", certPem: "server.pem", keyPem: "server-key.pem" } as const;

/** Where Go looks for the system roots on Linux when SSL_CERT_FILE is unset (crypto/x509, root_linux.go). */
const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
  "/etc/pki/tls/cacert.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem",
];

/**
 * The roots a Go program trusts today, for a bundle that adds the emulator's CA to them: setting
 * SSL_CERT_FILE to the CA alone would make the CLI and the provider distrust every other host.
 */
async function currentRoots(env: NodeJS.ProcessEnv): Promise<string> {
  for (const file of [env["SSL_CERT_FILE"], ...SYSTEM_BUNDLES]) {
    if (!file) continue;
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text !== undefined && text.includes("BEGIN CERTIFICATE")) return text;
  }
  return `${rootCertificates.join("\n")}\n`;
}

export interface EmulatorTrustFiles {
  /** The CA alone: NODE_EXTRA_CA_CERTS (Node adds it to its own roots). */
  readonly caFile: string;
  /** The CA and the roots trusted already: SSL_CERT_FILE (Go replaces its roots with the file). */
  readonly bundleFile: string;
}

/** A fresh CA and server certificate in `dir`, and the two files that make a process trust it. */
export async function writeEmulatorTls(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<EmulatorTrustFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const credentials = createServerCredentials(new Date());
  for (const [key, file] of Object.entries(FILES)) {
    await writeFile(join(dir, file), credentials[key as keyof ServerCredentials], { mode: key === "keyPem" ? 0o600 : 0o644 });
  }
  const bundleFile = join(dir, "ca-bundle.pem");
  await writeFile(bundleFile, `${credentials.caPem.trimEnd()}\n${await currentRoots(env)}`, { mode: 0o644 });
  return { caFile: join(dir, FILES.caPem), bundleFile };
}

/** The trust files of a folder written by writeEmulatorTls. */
export const emulatorTrustFiles = (dir: string): EmulatorTrustFiles => ({ caFile: join(dir, FILES.caPem), bundleFile: join(dir, "ca-bundle.pem") });

export async function readEmulatorTls(dir: string): Promise<ServerCredentials> {
  const [caPem, certPem, keyPem] = await Promise.all([FILES.caPem, FILES.certPem, FILES.keyPem].map((file) => readFile(join(dir, file), "utf8")));
  return { caPem: caPem ?? "", certPem: certPem ?? "", keyPem: keyPem ?? "" };
}
