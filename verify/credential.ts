// Local credential checks, before any request: a secret that is really a secret *ID* (a GUID) would
// only earn AADSTS7000215, retried for the whole replication window; a bad certificate PEM cannot sign.
import { CertificateError, parseCertificatePem } from "./assertion.ts";
import { certificateExpiryCheck } from "./expiry.ts";
import { flagged, passed } from "./report.ts";
import type { ClientCredential } from "./token.ts";
import type { CheckResult } from "./types.ts";

const GUID = /^\s*\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?\s*$/i;

/**
 * Entra secret values are 40 characters of a wider alphabet (with `~`, `.`, `_`); key ids are GUIDs.
 * A GUID-shaped "secret" is therefore always the ID that the portal shows next to the value.
 */
export function looksLikeSecretId(secret: string, knownKeyId?: string): boolean {
  return GUID.test(secret) || (knownKeyId !== undefined && secret.trim().toLowerCase() === knownKeyId.toLowerCase());
}

export interface CredentialCheckInput {
  /** Federated tokens are checked by federated-phase.ts (reading one is I/O). */
  credential: Exclude<ClientCredential, { kind: "federated" }>;
  clientSecretKeyId?: string;
  nowMs: number;
  warnDays: number;
}

/** The "credential" check, plus "certificate-expiry" for certificates. `ok` false: do not send it. */
export function credentialChecks(input: CredentialCheckInput): { checks: CheckResult[]; usable: boolean } {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  if (input.credential.kind === "secret") {
    if (looksLikeSecretId(input.credential.secret, input.clientSecretKeyId)) {
      return { checks: [flagged("credential", "fail", "ERR_SECRET_LOOKS_LIKE_ID", elapsed(), { detail: "the client secret is GUID-shaped: a secret ID, not a secret value" })], usable: false };
    }
    return { checks: [passed("credential", elapsed(), "client secret present (a value, not a secret ID)")], usable: true };
  }
  try {
    const material = parseCertificatePem(input.credential.pem);
    const cert = material.certificate;
    const expiry = certificateExpiryCheck(new Date(cert.validFrom), new Date(cert.validTo), input.nowMs, input.warnDays);
    const detail = `certificate ${input.credential.algorithm === "PS256" ? "x5t#S256 " + material.x5tS256 : "x5t " + material.x5t} (${input.credential.algorithm})`;
    return { checks: [passed("credential", elapsed(), detail), expiry], usable: expiry.status !== "fail" };
  } catch (err) {
    if (!(err instanceof CertificateError)) throw err;
    return { checks: [flagged("credential", "fail", "ERR_CERTIFICATE", elapsed(), { detail: err.message })], usable: false };
  }
}
