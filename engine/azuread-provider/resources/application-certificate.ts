// azuread.ApplicationCertificate → the application's keyCredentials. Graph has no call that adds one
// certificate without proof of possession of an existing key, so, as the azuread provider does, the
// whole collection is read and PATCHed back with the certificate added (or removed). Immutable: any
// change replaces it.

import { readOrGone } from "./read.ts";
import { X509Certificate, randomUUID } from "node:crypto";
import { ProviderError } from "../errors.ts";
import type { GraphClient } from "../graph.ts";
import { waitFor } from "../consistency.ts";
import { lockedBy } from "../locks.ts";
import { credentialId, parseCredentialId } from "./credential-ids.ts";
import { objectIdFrom, rfc3339Seconds, str, type ResourceProvider } from "./types.ts";

/** The certificate's DER, base64, from the provider's `value` in its `encoding` (pem, base64 or hex). */
export function certificateBase64(value: string, encoding: string | undefined): string {
  if (encoding === "hex") return Buffer.from(value, "hex").toString("base64");
  if (encoding === "base64") return value.replace(/\s+/g, "");
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(value)?.[1];
  if (body === undefined) throw new ProviderError("UNSUPPORTED_INPUT", "ApplicationCertificate value is not a PEM certificate", "pass the certificate with encoding \"pem\" (the default)");
  return body.replace(/\s+/g, "");
}

async function keyCredentials(graph: GraphClient, objectId: string): Promise<Record<string, unknown>[] | undefined> {
  const app = await readOrGone(graph, `/v1.0/applications/${objectId}`);
  if (app === undefined) return undefined;
  // Existing keys go back by keyId only: Graph keeps their key material.
  return (Array.isArray(app["keyCredentials"]) ? (app["keyCredentials"] as Record<string, unknown>[]) : []).map((k) => ({ keyId: k["keyId"], type: k["type"], usage: k["usage"] }));
}

const gone = (objectId: string) => new ProviderError("GRAPH_ERROR", `/applications/${objectId} was not found`, "run `pulumi refresh`: the application was deleted outside Pulumi");

export const applicationCertificate: ResourceProvider = {
  type: "azuread:index/applicationCertificate:ApplicationCertificate",
  rules: { replaceOn: "all", computed: ["keyId", "startDate", "endDate", "type", "encoding"] },
  inputs: ["applicationId", "value", "encoding", "type", "keyId", "startDate", "endDate"],

  create(inputs, { graph, patience }) {
    const applicationId = String(inputs["applicationId"]);
    const objectId = objectIdFrom(applicationId, "applications");
    const key = certificateBase64(String(inputs["value"] ?? ""), str(inputs["encoding"]));
    const cert = new X509Certificate(Buffer.from(key, "base64"));
    const keyId = str(inputs["keyId"]) ?? randomUUID();
    const startDate = str(inputs["startDate"]) ?? rfc3339Seconds(cert.validFrom) ?? "";
    const endDate = str(inputs["endDate"]) ?? rfc3339Seconds(cert.validTo) ?? "";
    // Under the application's lock: two certificates PATCHed at once would each drop the other.
    return lockedBy(objectId, async () => {
      const existing = await keyCredentials(graph, objectId);
      if (existing === undefined) throw gone(objectId);
      await graph.call("PATCH", `/v1.0/applications/${objectId}`, {
        keyCredentials: [...existing, { keyId, type: "AsymmetricX509Cert", usage: "Verify", key, startDateTime: startDate, endDateTime: endDate }],
      });
      await waitFor(`certificate ${keyId} on application ${objectId}`, async () => (await keyCredentials(graph, objectId))?.some((k) => k["keyId"] === keyId) === true, patience);
      return { id: credentialId(objectId, "certificate", keyId), outputs: { ...inputs, keyId, startDate, endDate, type: "AsymmetricX509Cert", encoding: str(inputs["encoding"]) ?? "pem" } };
    });
  },

  async read(entry, { graph }) {
    const { objectId, keyId } = parseCredentialId(entry.id, "certificate");
    const listed = (await keyCredentials(graph, objectId))?.some((k) => k["keyId"] === keyId) === true;
    return listed ? { applicationId: `/applications/${objectId}`, keyId } : undefined;
  },

  delete(entry, { graph }) {
    const { objectId, keyId } = parseCredentialId(entry.id, "certificate");
    return lockedBy(objectId, async () => {
      const existing = await keyCredentials(graph, objectId);
      if (existing === undefined) throw gone(objectId);
      if (!existing.some((k) => k["keyId"] === keyId)) {
        throw new ProviderError("GRAPH_ERROR", `No certificate credential found with keyId ${keyId} on application ${objectId}`, "run `pulumi refresh`: the certificate was removed outside Pulumi");
      }
      await graph.call("PATCH", `/v1.0/applications/${objectId}`, { keyCredentials: existing.filter((k) => k["keyId"] !== keyId) });
    });
  },
};
