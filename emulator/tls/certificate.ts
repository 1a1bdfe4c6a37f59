// X.509 v3 certificates for the emulator: its TLS CA and server certificate, the certificate
// published with its token signing key (JWKS x5c), and client certificates for tests.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from "node:crypto";
import type { KeyObject } from "node:crypto";
import {
  bitString, booleanTrue, explicit, implicit, nullValue, octetString, oid, sequence, set, time,
  unsignedInteger, utf8String,
} from "./der.ts";

export interface CertificateRequest {
  subject: string;                 // common name
  publicKey: KeyObject;
  issuer: { name: string; privateKey: KeyObject; publicKey: KeyObject };
  notBefore: Date;
  notAfter: Date;
  isCa?: boolean;
  dnsNames?: string[];
  ipAddresses?: string[];          // IPv4 only
  serverAuth?: boolean;
}

export interface IssuedCertificate {
  der: Buffer;
  pem: string;
  thumbprintSha1: Buffer;
  thumbprintSha256: Buffer;
}

const name = (cn: string): Buffer => sequence(set(sequence(oid("2.5.4.3"), utf8String(cn))));

function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === "ec") return sequence(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
  if (key.asymmetricKeyType === "rsa") return sequence(oid("1.2.840.113549.1.1.11"), nullValue()); // sha256WithRSA
  throw new TypeError(`unsupported issuer key type ${String(key.asymmetricKeyType)}`);
}

const keyIdentifier = (publicKey: KeyObject): Buffer =>
  createHash("sha1").update(publicKey.export({ type: "spki", format: "der" })).digest();

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

export function issueCertificate(request: CertificateRequest): IssuedCertificate {
  const algorithm = signatureAlgorithm(request.issuer.privateKey);
  const extensions: Buffer[] = [
    extension("2.5.29.19", true, request.isCa ? sequence(booleanTrue()) : sequence()),
    // keyUsage: CA → digitalSignature, keyCertSign, cRLSign; leaf → digitalSignature, keyEncipherment.
    extension("2.5.29.15", true, request.isCa ? bitString(Buffer.from([0x86]), 1) : bitString(Buffer.from([0xa0]), 5)),
    extension("2.5.29.14", false, octetString(keyIdentifier(request.publicKey))),
    extension("2.5.29.35", false, sequence(implicit(0, keyIdentifier(request.issuer.publicKey)))),
  ];
  if (request.serverAuth) extensions.push(extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"))));
  const altNames = [
    ...(request.dnsNames ?? []).map((dns) => implicit(2, Buffer.from(dns, "ascii"))),
    ...(request.ipAddresses ?? []).map((ip) => implicit(7, Buffer.from(ip.split(".").map(Number)))),
  ];
  if (altNames.length > 0) extensions.push(extension("2.5.29.17", false, sequence(...altNames)));

  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    algorithm,
    name(request.issuer.name),
    sequence(time(request.notBefore), time(request.notAfter)),
    name(request.subject),
    request.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign("sha256", tbs, request.issuer.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  return {
    der,
    pem: toPem(der),
    thumbprintSha1: createHash("sha1").update(der).digest(),
    thumbprintSha256: createHash("sha256").update(der).digest(),
  };
}

export function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

export interface KeyPairCertificate extends IssuedCertificate {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privateKeyPem: string;
}

/** A self-signed RSA certificate: the kind users upload to an app registration as a key credential. */
export function createSelfSignedRsaCertificate(options: {
  subject: string; notBefore: Date; notAfter: Date; modulusLength?: number;
}): KeyPairCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: options.modulusLength ?? 2048 });
  const cert = issueCertificate({
    subject: options.subject, publicKey, issuer: { name: options.subject, privateKey, publicKey },
    notBefore: options.notBefore, notAfter: options.notAfter,
  });
  return { ...cert, privateKey, publicKey, privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

/** Parses a DER or base64 certificate the way Graph does for keyCredentials; undefined if invalid. */
export function parseCertificate(der: Buffer): { publicKey: KeyObject; notBefore: Date; notAfter: Date } | undefined {
  try {
    const cert = new X509Certificate(der);
    return { publicKey: createPublicKey(cert.publicKey.export({ type: "spki", format: "pem" })), notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
  } catch {
    return undefined;
  }
}
