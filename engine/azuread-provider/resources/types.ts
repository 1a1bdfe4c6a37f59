// What the substitute provider needs from each resource type: which inputs force a replacement,
// the inputs it understands, and create / update / delete as Microsoft Graph calls.

import type { Patience } from "../consistency.ts";
import type { GraphClient } from "../graph.ts";
import { ProviderError } from "../errors.ts";

/** Which input changes replace the resource ("all": it is immutable); any other change is an update. */
export interface DiffRules {
  readonly replaceOn: readonly string[] | "all";
  /** Optional inputs the provider fills in when left out (optional+computed in the azuread schema). */
  readonly computed?: readonly string[];
}

/** What the engine hands back for an existing resource: its id, and its last outputs (which repeat its inputs). */
export interface ResourceEntry {
  readonly id: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}

export interface ProviderContext {
  readonly graph: GraphClient;
  /** Things the run could not do exactly as a real deployment would (shown to the user). */
  readonly notice: (message: string) => void;
  /** Object id of the signed-in deployer: bound as the first owner of what it creates, as the provider does. */
  readonly callerObjectId: string;
  /** How long to retry and poll for Graph's replication (tests shorten it). */
  readonly patience?: Patience;
}

export interface Created {
  readonly id: string;
  readonly outputs: Record<string, unknown>;
}

export interface ResourceProvider {
  readonly type: string;
  readonly rules: DiffRules;
  /** Inputs this provider carries out; any other input with a value is refused, never ignored. */
  readonly inputs: readonly string[];
  create(inputs: Record<string, unknown>, ctx: ProviderContext): Promise<Created>;
  /** In-place update of `changed` keys (only for types whose rules allow it); returns the new outputs. */
  update?(previous: ResourceEntry, inputs: Record<string, unknown>, changed: readonly string[], ctx: ProviderContext): Promise<Record<string, unknown>>;
  /** Fails when the object is already gone, as the real provider's deletes do (`pulumi refresh` first). */
  delete(entry: ResourceEntry, ctx: ProviderContext): Promise<void>;
  /**
   * The current outputs read from Graph (merged over the last ones), or undefined when the object is
   * gone. `entry.outputs` is empty for `pulumi import` (and the `import` resource option): the id alone
   * says which object.
   */
  read?(entry: ResourceEntry, ctx: ProviderContext): Promise<Record<string, unknown> | undefined>;
}

/** Refuses inputs the provider does not know, naming them (a silent no-op would lie about the tenant). */
export function checkInputs(provider: ResourceProvider, name: string, inputs: Record<string, unknown>): void {
  const unknown = Object.keys(inputs).filter((k) => inputs[k] !== undefined && inputs[k] !== null && !provider.inputs.includes(k));
  if (unknown.length > 0) {
    throw new ProviderError(
      "UNSUPPORTED_INPUT",
      `${provider.type} "${name}" sets ${unknown.join(", ")}, which the substitute azuread provider does not carry out`,
      `use the real azuread provider, or extend engine/azuread-provider/resources for ${provider.type} (supported: ${provider.inputs.join(", ")})`,
    );
  }
}

export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** The object id in an azuread resource id such as "/applications/{objectId}". */
export function objectIdFrom(resourceId: unknown, collection: "applications" | "servicePrincipals"): string {
  const match = typeof resourceId === "string" ? new RegExp(`^/${collection}/([0-9a-fA-F-]{36})$`).exec(resourceId) : null;
  if (match?.[1] === undefined) {
    throw new ProviderError("UNSUPPORTED_INPUT", `${JSON.stringify(resourceId)} is not a /${collection}/{objectId} id`, `pass the ${collection === "applications" ? "Application" : "ServicePrincipal"} resource's id`);
  }
  return match[1];
}

/** RFC 3339 in whole seconds, as the azuread provider writes dates back to state. */
export function rfc3339Seconds(value: unknown): string | undefined {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) return undefined;
  return new Date(Math.floor(Date.parse(value) / 1000) * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** The outputs a provider computed (ids, Graph-assigned values): the last outputs minus its input keys. */
export function computedOutputs(previous: ResourceEntry, inputKeys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(previous.outputs).filter(([k]) => !inputKeys.includes(k)));
}
