// azuread.ApplicationPassword → addPassword / removePassword on /v1.0/applications/{id}. A password
// cannot change: any input change replaces it (new one first, old one deleted at the end of the run).

import { readOrGone } from "./read.ts";
import { ProviderError } from "../errors.ts";
import { objectIdFrom, str, type ResourceProvider } from "./types.ts";

export const applicationPassword: ResourceProvider = {
  type: "azuread:index/applicationPassword:ApplicationPassword",
  rules: { replaceOn: "all", computed: ["startDate", "endDate"] },
  // rotateWhenChanged is a keeper: it never reaches Graph, a change of it only replaces the password.
  inputs: ["applicationId", "displayName", "startDate", "endDate", "rotateWhenChanged"],

  async create(inputs, { graph }) {
    const applicationId = String(inputs["applicationId"]);
    const objectId = objectIdFrom(applicationId, "applications");
    const credential: Record<string, unknown> = {};
    if (str(inputs["displayName"]) !== undefined) credential["displayName"] = inputs["displayName"];
    if (str(inputs["startDate"]) !== undefined) credential["startDateTime"] = inputs["startDate"];
    if (str(inputs["endDate"]) !== undefined) credential["endDateTime"] = inputs["endDate"];
    const created = (await graph.call("POST", `/v1.0/applications/${objectId}/addPassword`, { passwordCredential: credential })) ?? {};
    const keyId = String(created["keyId"]);
    // As the provider does: read the application back and expect the new key listed (Graph's write is done).
    const app = await graph.call("GET", `/v1.0/applications/${objectId}`);
    const listed = Array.isArray(app?.["passwordCredentials"]) && (app["passwordCredentials"] as { keyId?: unknown }[]).some((c) => c.keyId === keyId);
    if (!listed) throw new ProviderError("GRAPH_ERROR", `addPassword returned key ${keyId}, but application ${objectId} does not list it`, "run `pulumi up` again; report it if it persists");
    return {
      // The real provider's id: the application's object id, not its resource id.
      id: `${objectId}/password/${keyId}`,
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
  },

  /** Graph lists the password (without its value) as long as it exists; the value stays what state holds. */
  async read(entry, { graph }) {
    const objectId = objectIdFrom(entry.inputs["applicationId"], "applications");
    const app = await readOrGone(graph, `/v1.0/applications/${objectId}?$select=id,passwordCredentials`);
    const listed = Array.isArray(app?.["passwordCredentials"]) && (app["passwordCredentials"] as { keyId?: unknown }[]).some((c) => c.keyId === entry.outputs["keyId"]);
    return listed ? {} : undefined;
  },

  async delete(entry, { graph }) {
    const objectId = objectIdFrom(entry.inputs["applicationId"], "applications");
    const keyId = String(entry.outputs["keyId"]);
    // Look first: a password already removed (or an application already deleted) is gone, not an error.
    let app: Record<string, unknown> | undefined;
    try {
      app = await graph.call("GET", `/v1.0/applications/${objectId}?$select=id,passwordCredentials`);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return "gone";
      throw error;
    }
    const credentials = Array.isArray(app?.["passwordCredentials"]) ? (app["passwordCredentials"] as { keyId?: unknown }[]) : [];
    if (!credentials.some((c) => c.keyId === keyId)) return "gone";
    return graph.remove("POST", `/v1.0/applications/${objectId}/removePassword`, { keyId });
  },
};
