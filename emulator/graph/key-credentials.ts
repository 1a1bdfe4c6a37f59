// keyCredentials on applications: certificates (public part) that client assertions are
// verified against. Set by PATCHing the whole collection, as Graph requires.
import { createHash } from "node:crypto";
import { GRAPH, GraphFailure } from "../errors.ts";
import { isGuid, newGuid } from "../ids.ts";
import { parseCertificate } from "../tls/certificate.ts";
import type { KeyCredentialRecord } from "../store/types.ts";
import { graphSecondsDate } from "./dates.ts";
import { dateProperty } from "./request.ts";

const TYPE = "keyCredential";

/** The new keyCredentials collection from a PATCH body; entries without `key` keep an existing key by keyId. */
export function parseKeyCredentials(value: unknown, existing: readonly KeyCredentialRecord[], now: number): KeyCredentialRecord[] {
  if (!Array.isArray(value)) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'keyCredentials' of resource 'Application'.`);
  const result = value.map((entry: unknown): KeyCredentialRecord => {
    if (entry === null || typeof entry !== "object") throw new GraphFailure(GRAPH.BAD_REQUEST, "Invalid value specified for property 'keyCredentials' of resource 'Application'.");
    const input = entry as Record<string, unknown>;
    const keyId = typeof input.keyId === "string" && input.keyId !== "" ? input.keyId : undefined;
    if (keyId !== undefined && !isGuid(keyId)) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'keyId' of resource '${TYPE}'.`);
    if (input.key === undefined || input.key === null) {
      const kept = existing.find((key) => key.keyId === keyId);
      if (!kept) throw new GraphFailure(GRAPH.BAD_REQUEST, "Key credential is missing its 'key' value; include the certificate (base64 DER) for new keys.");
      return kept;
    }
    if (input.type !== "AsymmetricX509Cert") {
      throw new GraphFailure(GRAPH.BAD_REQUEST, `Key credential type '${String(input.type)}' is not supported by the emulator; use 'AsymmetricX509Cert'.`);
    }
    if (input.usage !== "Verify") {
      throw new GraphFailure(GRAPH.BAD_REQUEST, `Key credential usage '${String(input.usage)}' is not supported by the emulator; use 'Verify'.`);
    }
    const der = typeof input.key === "string" ? decodeCertificate(input.key) : undefined;
    const cert = der ? parseCertificate(der) : undefined;
    if (!der || !cert) throw new GraphFailure(GRAPH.BAD_REQUEST, "Invalid certificate: Key value is invalid certificate");
    // Without dates, the certificate's own validity, which is kept to the second.
    const sentStart = dateProperty(input.startDateTime, "startDateTime", TYPE);
    const sentEnd = dateProperty(input.endDateTime, "endDateTime", TYPE);
    const start = sentStart?.ms ?? cert.notBefore.getTime();
    const end = sentEnd?.ms ?? cert.notAfter.getTime();
    if (end > cert.notAfter.getTime() || start < cert.notBefore.getTime() - 1000 || end <= start) {
      throw new GraphFailure(GRAPH.BAD_REQUEST, "Key credential end date is invalid.");
    }
    const sha1 = createHash("sha1").update(der).digest();
    return {
      keyId: keyId ?? newGuid(), displayName: typeof input.displayName === "string" ? input.displayName : null,
      type: "AsymmetricX509Cert", usage: "Verify", startDateTime: start, endDateTime: end,
      startDateTimeText: sentStart?.text ?? graphSecondsDate(start), endDateTimeText: sentEnd?.text ?? graphSecondsDate(end),
      customKeyIdentifier: sha1.toString("base64"), thumbprintSha1: sha1.toString("base64url"),
      thumbprintSha256: createHash("sha256").update(der).digest("base64url"), publicKey: cert.publicKey,
      createdAt: existing.find((key) => key.keyId === keyId)?.createdAt ?? now,
    };
  });
  const ids = new Set(result.map((key) => key.keyId));
  if (ids.size !== result.length) throw new GraphFailure(GRAPH.BAD_REQUEST, "Key credentials must have unique keyId values.");
  return result;
}

/** Graph takes base64 of the DER bytes; PEM text (base64 of a PEM file) is accepted as well. */
function decodeCertificate(base64: string): Buffer | undefined {
  const bytes = Buffer.from(base64, "base64");
  const text = bytes.toString("latin1");
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text);
  if (pem?.[1]) return Buffer.from(pem[1].replace(/\s+/g, ""), "base64");
  return bytes.length > 0 ? bytes : undefined;
}
