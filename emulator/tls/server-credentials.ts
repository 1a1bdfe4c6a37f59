// The HTTPS identity of one emulator: a fresh self-signed CA and a server certificate for
// 127.0.0.1 / localhost signed by it. ECDSA P-256 keys, because generating them is instant.
import { generateKeyPairSync } from "node:crypto";
import { issueCertificate } from "./certificate.ts";

export interface ServerCredentials {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function createServerCredentials(now: Date): ServerCredentials {
  const ca = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const server = generateKeyPairSync("ec", { namedCurve: "P-256" });
  // Backdated a day so clients whose clock differs slightly from the emulator's still accept it.
  const notBefore = new Date(now.getTime() - 86_400_000);
  const notAfter = new Date(now.getTime() + 365 * 86_400_000);
  const caName = "graph-workload-identity emulator CA";
  const caCert = issueCertificate({
    subject: caName, publicKey: ca.publicKey, issuer: { name: caName, ...ca }, notBefore, notAfter, isCa: true,
  });
  const serverCert = issueCertificate({
    subject: "127.0.0.1", publicKey: server.publicKey, issuer: { name: caName, ...ca }, notBefore, notAfter,
    dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], serverAuth: true,
  });
  return {
    caPem: caCert.pem,
    certPem: serverCert.pem,
    keyPem: server.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
