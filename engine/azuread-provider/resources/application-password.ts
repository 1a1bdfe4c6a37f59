// azuread.ApplicationPassword → addPassword / removePassword on /v1.0/applications/{id}, as the real
// provider does it: under the application's lock, the application is read first, the password added,
// the application read until it lists the new key, and read back; a delete removes the key (failing,
// as the real one does, when it is already gone: `pulumi refresh` drops it from state first) and
// waits until the application no longer lists it. A password cannot change: any input change
// replaces it. There is no import: Graph never returns a password's value again.

import { waitFor } from "../consistency.ts";
import { ProviderError } from "../errors.ts";
import type { GraphClient } from "../graph.ts";
import { lockedBy } from "../locks.ts";
import { credentialId, listedKeyIds, parseCredentialId } from "./credential-ids.ts";
import { readOrGone } from "./read.ts";
import { objectIdFrom, str, type ResourceProvider } from "./types.ts";

const passwordKeys = async (graph: GraphClient, objectId: string) => listedKeyIds(await readOrGone(graph, `/v1.0/applications/${objectId}`), "passwordCredentials");

export const applicationPassword: ResourceProvider = {
  type: "azuread:index/applicationPassword:ApplicationPassword",
  rules: { replaceOn: "all", computed: ["startDate", "endDate"] },
  // rotateWhenChanged is a keeper: it never reaches Graph, a change of it only replaces the password.
  inputs: ["applicationId", "displayName", "startDate", "endDate", "rotateWhenChanged"],

  create(inputs, { graph, patience }) {
    const objectId = objectIdFrom(String(inputs["applicationId"]), "applications");
    return lockedBy(objectId, async () => {
      if ((await passwordKeys(graph, objectId)) === undefined) {
        throw new ProviderError("GRAPH_ERROR", `/applications/${objectId} was not found`, "run `pulumi refresh`: the application was deleted outside Pulumi");
      }
      const credential: Record<string, unknown> = {};
      if (str(inputs["displayName"]) !== undefined) credential["displayName"] = inputs["displayName"];
      if (str(inputs["startDate"]) !== undefined) credential["startDateTime"] = inputs["startDate"];
      if (str(inputs["endDate"]) !== undefined) credential["endDateTime"] = inputs["endDate"];
      const created = (await graph.call("POST", `/v1.0/applications/${objectId}/addPassword`, { passwordCredential: credential })) ?? {};
      const keyId = String(created["keyId"]);
      await waitFor(`password ${keyId} on application ${objectId}`, async () => (await passwordKeys(graph, objectId))?.includes(keyId) === true, patience);
      return {
        id: credentialId(objectId, "password", keyId),
        outputs: {
          ...inputs,
          keyId,
          // Returned once by Graph and never again: kept in state, like Pulumi state keeps it.
          value: created["secretText"],
          // The dates Graph returned, as the real provider stores them (Graph echoes a date it was sent).
          startDate: str(created["startDateTime"]) ?? str(inputs["startDate"]),
          endDate: str(created["endDateTime"]) ?? str(inputs["endDate"]),
        },
      };
    });
  },

  /** Graph lists the password (without its value) as long as it exists; the value stays what state holds. */
  async read(entry, { graph }) {
    if (entry.outputs["keyId"] === undefined) {
      throw new ProviderError("UNSUPPORTED_INPUT", "an ApplicationPassword cannot be imported: Graph never returns its value again", "let the stack create a new password, and remove the old one when its consumers have moved");
    }
    const { objectId, keyId } = parseCredentialId(entry.id, "password");
    return (await passwordKeys(graph, objectId))?.includes(keyId) === true ? {} : undefined;
  },

  delete(entry, { graph, patience }) {
    const { objectId, keyId } = parseCredentialId(entry.id, "password");
    return lockedBy(objectId, async () => {
      await graph.call("POST", `/v1.0/applications/${objectId}/removePassword`, { keyId });
      await waitFor(`password ${keyId} to be removed from application ${objectId}`, async () => (await passwordKeys(graph, objectId))?.includes(keyId) !== true, patience);
    });
  },
};
