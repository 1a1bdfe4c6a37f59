// azuread.ApplicationFederatedIdentityCredential → /v1.0/applications/{id}/federatedIdentityCredentials.
// Graph's `name` (the provider's displayName) cannot change: a new one replaces the credential; the
// rest updates in place.

import { waitForDeletion } from "../consistency.ts";
import type { GraphClient } from "../graph.ts";
import { credentialId, parseCredentialId } from "./credential-ids.ts";
import { readOrGone, textOf } from "./read.ts";
import { computedOutputs, objectIdFrom, str, strings, type ResourceProvider } from "./types.ts";

function body(inputs: Record<string, unknown>): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.federatedIdentityCredential",
    name: str(inputs["displayName"]),
    issuer: str(inputs["issuer"]),
    subject: str(inputs["subject"]),
    audiences: strings(inputs["audiences"]),
    description: str(inputs["description"]) ?? null,
  };
}

async function readCredential(graph: GraphClient, objectId: string, id: string): Promise<Record<string, unknown> | undefined> {
  const fic = await readOrGone(graph, `/v1.0/applications/${objectId}/federatedIdentityCredentials/${id}`);
  if (fic === undefined) return undefined;
  return { applicationId: `/applications/${objectId}`, credentialId: id, displayName: fic["name"], issuer: fic["issuer"], subject: fic["subject"], audiences: fic["audiences"], description: textOf(fic["description"]) };
}

export const federatedIdentityCredential: ResourceProvider = {
  type: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
  rules: { replaceOn: ["applicationId", "displayName"] },
  inputs: ["applicationId", "displayName", "issuer", "subject", "audiences", "description"],

  async create(inputs, { graph }) {
    const objectId = objectIdFrom(String(inputs["applicationId"]), "applications");
    const created = (await graph.call("POST", `/v1.0/applications/${objectId}/federatedIdentityCredentials`, body(inputs))) ?? {};
    const id = String(created["id"]);
    return { id: credentialId(objectId, "federatedIdentityCredential", id), outputs: { ...inputs, ...((await readCredential(graph, objectId, id)) ?? {}), credentialId: id } };
  },

  async update(previous, inputs, _changed, { graph }) {
    const { objectId, keyId } = parseCredentialId(previous.id, "federatedIdentityCredential");
    const { name: _name, ...patch } = body(inputs);
    await graph.call("PATCH", `/v1.0/applications/${objectId}/federatedIdentityCredentials/${keyId}`, patch);
    return { ...computedOutputs(previous, this.inputs), ...inputs, ...((await readCredential(graph, objectId, keyId)) ?? {}) };
  },

  read(entry, { graph }) {
    const { objectId, keyId } = parseCredentialId(entry.id, "federatedIdentityCredential");
    return readCredential(graph, objectId, keyId);
  },

  async delete(entry, { graph, patience }) {
    const { objectId, keyId } = parseCredentialId(entry.id, "federatedIdentityCredential");
    const path = `/v1.0/applications/${objectId}/federatedIdentityCredentials/${keyId}`;
    await graph.call("DELETE", path);
    await waitForDeletion(graph, path, patience);
  },
};
