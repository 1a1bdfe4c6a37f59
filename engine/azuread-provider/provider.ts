// The substitute azuread provider as a Pulumi resource provider: the engine calls check / diff /
// create / update / delete / invoke over gRPC (served by @pulumi/pulumi's provider host, main.ts), and
// each resource type turns them into the Microsoft Graph calls of resources/.
//
// Why it exists: a machine with neither Pulumi's own install nor the real plugin archives (a fresh
// clone with nothing beside it) still runs the flow on Pulumi's engine. Wherever the real provider
// exists it is used instead (engine/plugins.ts), and this one is held to it: the engine suite runs
// both on one state (test/real-engine/cross-provider.test.ts) and through the same drift.

import type * as provider from "@pulumi/pulumi/provider/index.js";
import { Agent, type Dispatcher } from "undici";
import { GraphClient } from "./graph.ts";
import type { HttpOptions } from "./http.ts";
import { answerInvoke, type DeployerIdentity } from "./invokes.ts";
import { checkInputs, providerFor } from "./resources/index.ts";
import type { DiffRules, ProviderContext, ResourceEntry } from "./resources/index.ts";
import { resolveEndpoints, resolveSettings, type ProviderSettings } from "./settings.ts";
import { acquireToken, tokenClaims } from "./token.ts";
import { SUBSTITUTE_FOR_VERSION } from "./version.ts";


const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** How an unknown value arrives in a provider call's properties (Pulumi's wire sentinel). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Inputs arrive with secrets wrapped ({sig, value}); Graph needs the plain values. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG] === SECRET_VALUE) return unwrapSecrets(record["value"]);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Drops undefined (protobuf Structs cannot carry it) and keeps everything else as is. */
function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** `urn:pulumi:stack::project::parent$type::name` → type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const types = (parts[2] ?? "").split("$");
  return { type: types[types.length - 1] ?? "", name: parts.slice(3).join("::") };
}

const stable = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
);

const isZeroValue = (value: unknown): boolean =>
  value === undefined || value === null || value === "" || value === false || value === 0
  || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);

/** Inputs the azuread schema types as sets (the real provider stores them sorted): order is no change. */
const SET_INPUTS = new Set(["tags", "owners", "identifierUris"]);
const sortedSet = (value: unknown): unknown => (Array.isArray(value) ? [...value].map(String).sort() : value);

/**
 * Input keys whose value differs between the last outputs (which repeat the inputs) and the new
 * inputs. An optional input the provider computes or defaults when it is left out (a password's start
 * date, accountEnabled) is no change while it stays left out, as for the azuread provider's
 * optional+computed attributes; a set-typed one is compared as a set.
 */
export function changedInputs(rules: DiffRules, known: readonly string[], olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  return known.filter((key) => {
    if (news[key] === undefined && (rules.computed ?? []).includes(key)) return false;
    // The Terraform SDK the real provider is built on keeps a left-out attribute as its zero value
    // ("", [], false) and treats the two as equal: a state it wrote holds `description: ""`.
    if (news[key] === undefined && isZeroValue(olds[key])) return false;
    const [before, after] = SET_INPUTS.has(key) ? [sortedSet(olds[key]), sortedSet(news[key])] : [olds[key], news[key]];
    return stable(before ?? null) !== stable(after ?? null);
  });
}

export class SubstituteAzureadProvider implements provider.Provider {
  readonly version = SUBSTITUTE_FOR_VERSION;
  #config: Record<string, unknown> = {};
  #session: Promise<{ ctx: ProviderContext; deployer: DeployerIdentity }> | undefined;
  readonly #http: HttpOptions;

  /** `dispatcher`: TLS trust and connection reuse (default: an Agent trusting NODE_EXTRA_CA_CERTS). */
  constructor(options: { dispatcher?: Dispatcher; env?: NodeJS.ProcessEnv } = {}) {
    this.#http = { dispatcher: options.dispatcher ?? new Agent({ connectTimeout: 10_000 }), timeoutMs: 30_000 };
    this.#env = options.env ?? process.env;
  }

  readonly #env: NodeJS.ProcessEnv;

  /** Provider config from the engine's Configure call (main.ts). */
  configure(config: Record<string, unknown>): void {
    this.#config = unwrapSecrets(config) as Record<string, unknown>;
    this.#session = undefined;
  }

  /** Signs in once per process (lazily: a preview with no change makes no Graph call). */
  #connect(): Promise<{ ctx: ProviderContext; deployer: DeployerIdentity }> {
    this.#session ??= (async () => {
      const settings: ProviderSettings = resolveSettings(this.#config, this.#env);
      const endpoints = await resolveEndpoints(settings, this.#http);
      const scope = `${endpoints.graphEndpoint}/.default`;
      let cached: { token: string; expiresAtMs: number } | undefined;
      const token = async (): Promise<string> => {
        if (cached !== undefined && cached.expiresAtMs - 5 * 60_000 > Date.now()) return cached.token;
        const fresh = await acquireToken(this.#http, endpoints.loginEndpoint, scope, settings);
        const exp = tokenClaims(fresh)["exp"];
        cached = { token: fresh, expiresAtMs: typeof exp === "number" ? exp * 1000 : Date.now() + 10 * 60_000 };
        return fresh;
      };
      const claims = tokenClaims(await token());
      const deployer: DeployerIdentity = {
        tenantId: String(claims["tid"] ?? settings.tenantId),
        clientId: String(claims["appid"] ?? settings.clientId),
        objectId: String(claims["oid"] ?? ""),
      };
      const ctx: ProviderContext = { graph: new GraphClient(this.#http, endpoints.graphEndpoint, token), notice: () => undefined, callerObjectId: deployer.objectId };
      return { ctx, deployer };
    })();
    return this.#session;
  }

  async check(urn: string, _olds: unknown, news: Record<string, unknown>): Promise<provider.CheckResult> {
    const { type, name } = parseUrn(urn);
    const resource = providerFor(type, name);
    const inputs = Object.fromEntries(Object.entries(news).filter(([k]) => !k.startsWith("__")));
    checkInputs(resource, name, unwrapSecrets(inputs) as Record<string, unknown>);
    return { inputs: news };
  }

  async diff(_id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<provider.DiffResult> {
    const { type, name } = parseUrn(urn);
    const resource = providerFor(type, name);
    const changed = changedInputs(resource.rules, resource.inputs, unwrapSecrets(olds) as Record<string, unknown>, unwrapSecrets(news) as Record<string, unknown>);
    const replaceOn = resource.rules.replaceOn;
    // A value not known yet (a preview, while what it comes from is being updated) is no replacement
    // in itself: the real provider's plan keeps an updated resource's unchanged computed outputs
    // known (an application's clientId), and `pulumi up` diffs again once the value is known.
    const known = changed.filter((key) => news[key] !== UNKNOWN);
    const replaces = replaceOn === "all" ? known : known.filter((key) => replaceOn.includes(key));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  }

  async create(urn: string, news: Record<string, unknown>): Promise<provider.CreateResult> {
    const { type, name } = parseUrn(urn);
    const resource = providerFor(type, name);
    const { ctx } = await this.#connect();
    const inputs = unwrapSecrets(news) as Record<string, unknown>;
    const created = await resource.create(pick(inputs, resource.inputs), ctx);
    return { id: created.id, outs: definedOnly(created.outputs) };
  }

  async update(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<provider.UpdateResult> {
    const { type, name } = parseUrn(urn);
    const resource = providerFor(type, name);
    const plainOlds = unwrapSecrets(olds) as Record<string, unknown>;
    const inputs = pick(unwrapSecrets(news) as Record<string, unknown>, resource.inputs);
    const changed = changedInputs(resource.rules, resource.inputs, plainOlds, inputs);
    if (resource.update === undefined) throw new Error(`${type} "${name}" cannot be updated in place (changed: ${changed.join(", ")})`);
    const previous: ResourceEntry = { id, inputs: pick(plainOlds, resource.inputs), outputs: plainOlds };
    const { ctx } = await this.#connect();
    return { outs: definedOnly(await resource.update(previous, inputs, changed, ctx)) };
  }

  /**
   * `pulumi refresh`: the outputs read back from Graph, or no id when the object is gone (the engine
   * then drops it from state, as with the real provider). Props keep their secret wrappers: a
   * password's value is never read back, Graph does not return it.
   */
  async read(id: string, urn: string, props: Record<string, unknown>): Promise<provider.ReadResult> {
    const { type, name } = parseUrn(urn);
    const resource = providerFor(type, name);
    if (resource.read === undefined) return { id, props };
    const plain = unwrapSecrets(props) as Record<string, unknown>;
    const { ctx } = await this.#connect();
    const current = await resource.read({ id, inputs: pick(plain, resource.inputs), outputs: plain }, ctx);
    if (current === undefined) return { id: "", props: {} };
    const outputs = { ...props, ...definedOnly(current) };
    return { id, props: outputs, inputs: pick(outputs, resource.inputs) };
  }

  async delete(id: string, urn: string, props: Record<string, unknown>): Promise<void> {
    const { type, name } = parseUrn(urn);
    const resource = providerFor(type, name);
    const outputs = unwrapSecrets(props) as Record<string, unknown>;
    const { ctx } = await this.#connect();
    await resource.delete({ id, inputs: pick(outputs, resource.inputs), outputs }, ctx);
  }

  async invoke(token: string, inputs: Record<string, unknown>): Promise<provider.InvokeResult> {
    const session = await this.#connect();
    const outputs = await answerInvoke(
      { token, inputs: unwrapSecrets(inputs) as Record<string, unknown> },
      { graph: session.ctx.graph, deployer: async () => session.deployer },
    );
    return { outputs: definedOnly(outputs) };
  }
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}
