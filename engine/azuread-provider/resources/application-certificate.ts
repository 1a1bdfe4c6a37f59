// azuread.ApplicationCertificate → the application's keyCredentials. Graph has no call that adds one
// certificate without proof of possession of an existing key, so, as the azuread provider does, the
// whole collection is read and PATCHed back with the certificate added (or removed). Immutable: any
// change replaces it.

import { readOrGone } from "./read.ts";
import { X509Certificate, randomUUID } from "node:crypto";
import { ProviderError } from "../errors.ts";
import type { GraphClient } from "../graph.ts";
import { objectIdFrom, rfc3339Seconds, str, type ResourceProvider } from "./types.ts";

/** The certificate's DER, base64, from the provider's `value` in its `encoding` (pem, base64 or hex). */
export function certificateBase64(value: string, encoding: string | undefined): string {
  if (encoding === "hex") return Buffer.from(value, "hex").toString("base64");
  if (encoding === "base64") return value.replace(/\s+/g, "");
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(value)?.[1];
  if (body === undefined) throw new ProviderError("UNSUPPORTED_INPUT", "ApplicationCertificate value is not a PEM certificate", "pass the certificate with encoding \"pem\" (the default)");
  return body.replace(/\s+/g, "");
}

async function keyCredentials(graph: GraphClient, objectId: string): Promise<Record<string, unknown>[]> {
  const app = await graph.call("GET", `/v1.0/applications/${objectId}?$select=id,keyCredentials`);
  // Existing keys go back by keyId only: Graph keeps their key material.
  return (Array.isArray(app?.["keyCredentials"]) ? (app["keyCredentials"] as Record<string, unknown>[]) : []).map((k) => ({ keyId: k["keyId"], type: k["type"], usage: k["usage"] }));
}

export const applicationCertificate: ResourceProvider = {
  type: "azuread:index/applicationCertificate:ApplicationCertificate",
  rules: { replaceOn: "all", computed: ["keyId", "startDate", "endDate", "type", "encoding"] },
  inputs: ["applicationId", "value", "encoding", "type", "keyId", "startDate", "endDate"],

  async create(inputs, { graph }) {
    const applicationId = String(inputs["applicationId"]);
    const objectId = objectIdFrom(applicationId, "applications");
    const key = certificateBase64(String(inputs["value"] ?? ""), str(inputs["encoding"]));
    const cert = new X509Certificate(Buffer.from(key, "base64"));
    const keyId = str(inputs["keyId"]) ?? randomUUID();
    const startDate = str(inputs["startDate"]) ?? rfc3339Seconds(cert.validFrom) ?? "";
    const endDate = str(inputs["endDate"]) ?? rfc3339Seconds(cert.validTo) ?? "";
    const existing = await keyCredentials(graph, objectId);
    await graph.call("PATCH", `/v1.0/applications/${objectId}`, {
      keyCredentials: [...existing, { keyId, type: "AsymmetricX509Cert", usage: "Verify", key, startDateTime: startDate, endDateTime: endDate }],
    });
    return { id: `${objectId}/certificate/${keyId}`, outputs: { ...inputs, keyId, startDate, endDate, type: "AsymmetricX509Cert", encoding: str(inputs["encoding"]) ?? "pem" } };
  },

  async read(entry, { graph }) {
    const objectId = objectIdFrom(entry.inputs["applicationId"], "applications");
    const app = await readOrGone(graph, `/v1.0/applications/${objectId}?$select=id,keyCredentials`);
    const listed = Array.isArray(app?.["keyCredentials"]) && (app["keyCredentials"] as { keyId?: unknown }[]).some((k) => k.keyId === entry.outputs["keyId"]);
    return listed ? {} : undefined;
  },

  async delete(entry, { graph }) {
    const objectId = objectIdFrom(entry.inputs["applicationId"], "applications");
    let existing: Record<string, unknown>[];
    try {
      existing = await keyCredentials(graph, objectId);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return "gone";
      throw error;
    }
    const keyId = String(entry.outputs["keyId"]);
    if (!existing.some((k) => k["keyId"] === keyId)) return "gone";
    await graph.call("PATCH", `/v1.0/applications/${objectId}`, { keyCredentials: existing.filter((k) => k["keyId"] !== keyId) });
    return "deleted";
  },
};
