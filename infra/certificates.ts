// Config `certificates` → the public certificates the app accepts client assertions from. Each item
// is `{pem: "-----BEGIN CERTIFICATE-----…"}` or `{file: PATH}`, with an optional `name`. Only the
// public certificate belongs in stack config: the private key stays with the workload, so a PEM
// holding one is refused. End dates come from the certificate itself. Pure but for reading `file`,
// which the caller passes in (so tests need no files and the program reads relative to its folder).

import { X509Certificate } from "node:crypto";
import { closestMatches } from "./closest.ts";
import type { ProblemList } from "./config-values.ts";

const KEYS = ["pem", "file", "name"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export interface CertificateSpec {
  /** The stable key of its Pulumi resource, and its display name in the portal. */
  readonly name: string;
  /** The certificate alone, as PEM (what azuread.ApplicationCertificate takes with encoding "pem"). */
  readonly pem: string;
  /** SHA-1 of the DER, upper-case hex: what the portal and `x5t` show. */
  readonly thumbprint: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly subject: string;
}

export interface CertificateContext {
  readonly now: number;
  /** Reads a `file` item; throws (with a `code`) when it cannot. */
  readonly readFile: (path: string) => string;
}

const iso = (text: string) => new Date(text).toISOString().replace(/\.000Z$/, "Z");

function source(key: string, item: Record<string, unknown>, problems: ProblemList, context: CertificateContext): string | undefined {
  const { pem, file } = item;
  if ((pem === undefined) === (file === undefined)) {
    problems.add(key, pem === undefined ? "REQUIRED" : "CONFLICT", undefined, pem === undefined ? "has neither pem nor file." : "has both pem and file.", "give the public certificate once: pem: \"-----BEGIN CERTIFICATE-----…\" or file: path/to/cert.pem.");
    return undefined;
  }
  if (pem !== undefined) {
    if (typeof pem === "string") return pem;
    problems.add(`${key}.pem`, "WRONG_TYPE", pem, "must be the PEM text.", "paste the certificate, BEGIN and END lines included.");
    return undefined;
  }
  if (typeof file !== "string" || file.trim() === "") {
    problems.add(`${key}.file`, "WRONG_TYPE", file, "must be a path.", "give the path of a PEM file, relative to the project folder or absolute.");
    return undefined;
  }
  try {
    return context.readFile(file);
  } catch (error) {
    problems.add(`${key}.file`, "INVALID_VALUE", file, `cannot be read (${(error as { code?: string }).code ?? "error"}).`, "check the path (relative to the project folder, where Pulumi.yaml is).");
    return undefined;
  }
}

function parseOne(key: string, item: Record<string, unknown>, problems: ProblemList, context: CertificateContext): CertificateSpec | undefined {
  for (const extra of Object.keys(item).filter((k) => !KEYS.includes(k))) {
    problems.add(`${key}.${extra}`, "UNKNOWN_KEY", item[extra], "is not a setting of a certificate.", `remove or rename it; settings are ${KEYS.join(", ")}.`, closestMatches(extra, KEYS));
  }
  const where = item["file"] !== undefined ? `${key}.file` : `${key}.pem`;
  const text = source(key, item, problems, context);
  if (text === undefined) return undefined;
  // The value is never echoed: a pasted private key must not travel on into logs.
  if (/PRIVATE KEY-----/.test(text)) {
    problems.add(where, "INVALID_VALUE", "[private key not shown]", "holds a private key. Stack config is stored and shared with everyone who can read the stack; only the public certificate belongs there.", "keep the key with the workload (e.g. in Key Vault) and give only the certificate: `openssl x509 -in combined.pem -out cert.pem`.");
    return undefined;
  }
  const block = PEM_CERTIFICATE.exec(text)?.[0];
  let cert: X509Certificate | undefined;
  try {
    cert = block === undefined ? undefined : new X509Certificate(block);
  } catch {
    cert = undefined;
  }
  if (block === undefined || cert === undefined) {
    problems.add(where, "INVALID_VALUE", item["file"] ?? "[pem]", "is not a PEM certificate.", "give a PEM file with one -----BEGIN CERTIFICATE----- block (convert DER with `openssl x509 -inform der -in cert.cer -out cert.pem`).");
    return undefined;
  }
  if (cert.publicKey.asymmetricKeyType !== "rsa") {
    problems.add(where, "INVALID_VALUE", cert.subject, `has a ${cert.publicKey.asymmetricKeyType ?? "non-RSA"} key; Entra ID signs in applications with RSA certificates only.`, "create an RSA (2048 bits or more) certificate.");
    return undefined;
  }
  const notBefore = Date.parse(cert.validFrom);
  const notAfter = Date.parse(cert.validTo);
  if (notAfter <= context.now) {
    problems.add(where, "INVALID_VALUE", cert.subject, `expired on ${iso(cert.validTo)}.`, "create a new certificate and give that one.");
    return undefined;
  }
  if (notBefore > context.now) {
    problems.add(where, "INVALID_VALUE", cert.subject, `is not valid before ${iso(cert.validFrom)}.`, "wait until then, or give a certificate that is valid now.");
    return undefined;
  }
  const thumbprint = cert.fingerprint.replaceAll(":", "").toUpperCase();
  const name = item["name"] ?? `cert-${thumbprint.slice(0, 16).toLowerCase()}`;
  if (typeof name !== "string" || !NAME.test(name)) {
    problems.add(`${key}.name`, "INVALID_VALUE", name, "is not a name: 3–120 letters, digits, - or _, starting with a letter or digit.", "rename it, or leave it out for one derived from the thumbprint.");
    return undefined;
  }
  return { name, pem: `${block}\n`, thumbprint, notBefore: iso(cert.validFrom), notAfter: iso(cert.validTo), subject: cert.subject };
}

/** The certificates, or undefined when any is wrong (each problem recorded, with its key). */
export function parseCertificates(value: unknown, problems: ProblemList, context: CertificateContext, key = "certificates"): CertificateSpec[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(key, "WRONG_TYPE", "[not a list]", "must be a list of certificates.", "write it as a YAML list in Pulumi.<stack>.yaml: - file: certs/sync.pem");
    return undefined;
  }
  const before = problems.items.length;
  const specs: CertificateSpec[] = [];
  const indices: number[] = [];
  value.forEach((raw: unknown, i) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      problems.add(`${key}[${i}]`, "WRONG_TYPE", "[not an object]", "must be an object {pem} or {file}.", "write - file: path/to/cert.pem");
      return;
    }
    const spec = parseOne(`${key}[${i}]`, raw as Record<string, unknown>, problems, context);
    if (spec === undefined) return;
    const same = specs.findIndex((s) => s.thumbprint === spec.thumbprint || s.name.toLowerCase() === spec.name.toLowerCase());
    if (same >= 0) problems.add(`${key}[${i}]`, "DUPLICATE", spec.name, `is the same certificate or name as ${key}[${indices[same]}].`, "remove one of them.");
    specs.push(spec);
    indices.push(i);
  });
  return problems.items.length > before ? undefined : specs;
}
