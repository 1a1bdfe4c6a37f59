// Reads for `pulumi refresh` (and the reads the engine makes on its own), as the real provider
// does them: an object deleted out of band drops out of state (404 → gone) instead of failing, and
// what the portal can change (names, notes, tags, owners) is read back from Graph.

import { ServiceError } from "../errors.ts";
import type { GraphClient } from "../graph.ts";

/** The answer of a Graph read, or undefined when the object is gone (404). */
export async function readOrGone(graph: GraphClient, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await graph.call("GET", path)) ?? {};
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return undefined;
    throw error;
  }
}

/** Owner object ids, sorted (the real provider stores owners as a set). */
export async function readOwners(graph: GraphClient, collection: "applications" | "servicePrincipals", objectId: string): Promise<string[] | undefined> {
  const owners = await readOrGone(graph, `/v1.0/${collection}/${objectId}/owners`);
  if (owners === undefined) return undefined;
  return (Array.isArray(owners["value"]) ? (owners["value"] as { id?: unknown }[]) : []).map((o) => String(o.id)).sort();
}

/** Tags as a sorted set; notes as the SDK stores a missing string (""). */
export const tagsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String).sort() : []);
export const textOf = (value: unknown): string => (typeof value === "string" ? value : "");
