// azuread.ApplicationFederatedIdentityCredential → /v1.0/applications/{id}/federatedIdentityCredentials.
// Graph's `name` (the provider's displayName) cannot change: a new one replaces the credential; the
// rest updates in place.

import { readOrGone, textOf } from "./read.ts";
import { computedOutputs, objectIdFrom, str, strings, type ResourceProvider } from "./types.ts";

function body(inputs: Record<string, unknown>): Record<string, unknown> {
  return {
    name: str(inputs["displayName"]),
    issuer: str(inputs["issuer"]),
    subject: str(inputs["subject"]),
    audiences: strings(inputs["audiences"]),
    description: str(inputs["description"]) ?? null,
  };
}

export const federatedIdentityCredential: ResourceProvider = {
  type: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
  rules: { replaceOn: ["applicationId", "displayName"] },
  inputs: ["applicationId", "displayName", "issuer", "subject", "audiences", "description"],

  async create(inputs, { graph }) {
    const applicationId = String(inputs["applicationId"]);
    const objectId = objectIdFrom(applicationId, "applications");
    const created = (await graph.call("POST", `/v1.0/applications/${objectId}/federatedIdentityCredentials`, body(inputs))) ?? {};
    const credentialId = String(created["id"]);
    return { id: `${objectId}/federatedIdentityCredential/${credentialId}`, outputs: { ...inputs, credentialId } };
  },

  async update(previous, inputs, _changed, { graph }) {
    const objectId = objectIdFrom(inputs["applicationId"], "applications");
    const { name: _name, ...patch } = body(inputs);
    await graph.call("PATCH", `/v1.0/applications/${objectId}/federatedIdentityCredentials/${String(previous.outputs["credentialId"])}`, patch);
    return { ...computedOutputs(previous, this.inputs), ...inputs };
  },

  async read(entry, { graph }) {
    const objectId = objectIdFrom(entry.inputs["applicationId"], "applications");
    const fic = await readOrGone(graph, `/v1.0/applications/${objectId}/federatedIdentityCredentials/${String(entry.outputs["credentialId"])}`);
    return fic === undefined ? undefined : { issuer: fic["issuer"], subject: fic["subject"], audiences: fic["audiences"], description: textOf(fic["description"]) };
  },

  async delete(entry, { graph }) {
    const objectId = objectIdFrom(entry.inputs["applicationId"], "applications");
    return graph.remove("DELETE", `/v1.0/applications/${objectId}/federatedIdentityCredentials/${String(entry.outputs["credentialId"])}`);
  },
};
