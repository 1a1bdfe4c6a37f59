// Child process of the local runner: evaluates the real Pulumi program (infra/, unchanged) under
// Pulumi's mock runtime and forwards every registration, read and invoke to the runner over IPC.
// It decides nothing and talks to no service; the runner (engine.ts) answers each request.
// One process per run: the program, the SDK's module graph and the mock runtime start fresh.
//
// Resource options are applied by the engine, not by mocks, so they are read here on the wire to
// the mock monitor (DESIGN.md): deleteBeforeReplace, ignoreChanges, dependencies, hooks, aliases.

import * as pulumi from "@pulumi/pulumi";
import { pathToFileURL } from "node:url";
import type { EngineMessage, HostMessage, RegisterRequest, ResourceReply } from "./protocol.ts";
import { serializeError } from "./protocol.ts";

/** The fields of the SDK's protobuf RegisterResourceRequest this host reads. */
interface WireAliasSpec {
  getName(): string;
  getType(): string;
  getParenturn(): string;
  getNoparent(): boolean;
}
interface WireRegister {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getDependenciesList(): string[];
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getRetainondelete(): boolean | undefined;
  getAdditionalsecretoutputsList(): string[];
  getAliasurnsList(): string[];
  getAliasesList(): { getUrn(): string; getSpec(): WireAliasSpec | undefined }[];
  getImportid(): string;
  getHooks(): { toObject(): Record<string, string[]> } | undefined;
}
interface WireRead {
  getType(): string;
  getName(): string;
  getParent(): string;
}
type Callback = (err: unknown, resp: unknown) => void;
interface WireMonitor {
  registerResource(req: WireRegister, cb: Callback): unknown;
  readResource(req: WireRead, cb: Callback): unknown;
  registerResourceHook?: (req: { getName(): string }, cb: Callback) => unknown;
}

const send = (message: HostMessage): void => {
  process.send?.(message);
};

/** Exit only once the last message has left: process.send is asynchronous. */
function sendAndExit(message: HostMessage, code: number): void {
  if (process.send === undefined) process.exit(code);
  process.send(message, undefined, {}, () => process.exit(code));
}

let seq = 0;
const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
function ask(message: Omit<Extract<HostMessage, { seq: number }>, "seq">): Promise<unknown> {
  seq += 1;
  const id = seq;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    send({ ...message, seq: id } as HostMessage);
  });
}

/** Same scheme as the mock monitor (and the engine): the parent's type is prefixed to the child's. */
function urnOf(parent: string, type: string, name: string): string {
  const parentType = parent === "" ? undefined : parent.split("::")[2]?.split("$").pop();
  const qualified = parentType === undefined ? type : `${parentType}$${type}`;
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** Secrets arrive as `{sig: secretSig, value}` wrappers; the engine works on plain values. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return plain(record["value"]);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
}

function describe(req: WireRegister): Omit<RegisterRequest, "inputs"> {
  const parent = req.getParent();
  const aliases = [
    ...req.getAliasurnsList(),
    ...req.getAliasesList().map((alias) => {
      const spec = alias.getSpec();
      if (spec === undefined) return alias.getUrn();
      const aliasParent = spec.getNoparent() ? "" : spec.getParenturn() || parent;
      return urnOf(aliasParent, spec.getType() || req.getType(), spec.getName() || req.getName());
    }),
  ].filter((urn) => urn !== "");
  return {
    urn: urnOf(parent, req.getType(), req.getName()),
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent,
    dependencies: req.getDependenciesList(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    retainOnDelete: req.getRetainondelete() === true,
    aliases,
    // toObject() names the phases "beforeCreateList", …: keep "beforeCreate".
    hooks: Object.fromEntries(
      Object.entries(req.getHooks()?.toObject() ?? {})
        .filter(([, names]) => names.length > 0)
        .map(([phase, names]) => [phase.replace(/List$/, ""), names]),
    ),
    importId: req.getImportid(),
  };
}

/** The engine marks `additionalSecretOutputs` secret; so does this host, in the wire format. */
function markSecrets(state: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out = { ...state };
  for (const key of keys) {
    if (key in out) out[key] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: out[key] };
  }
  return out;
}

async function run(start: Extract<EngineMessage, { t: "start" }>): Promise<void> {
  const registrations = new Map<string, { described: Omit<RegisterRequest, "inputs">; secretOutputs: string[] }[]>();
  const reads = new Map<string, string>();
  await pulumi.runtime.setMocks(
    {
      async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, unknown> }> {
        const key = `${args.type}::${args.name}`;
        const inputs = plain(args.inputs) as Record<string, unknown>;
        const readUrn = reads.get(key);
        if (readUrn !== undefined) {
          reads.delete(key);
          const reply = (await ask({ t: "read", request: { urn: readUrn, type: args.type, name: args.name, id: args.id ?? "", inputs } })) as ResourceReply;
          return { id: reply.id, state: reply.state };
        }
        const pending = registrations.get(key)?.shift();
        if (pending === undefined) throw new Error(`program host: no registration seen for ${key}`);
        const reply = (await ask({ t: "register", request: { ...pending.described, inputs } })) as ResourceReply;
        return { id: reply.id, state: markSecrets(reply.state, pending.secretOutputs) };
      },
      async call(args: pulumi.runtime.MockCallArgs): Promise<Record<string, unknown>> {
        return (await ask({ t: "invoke", request: { token: args.token, inputs: plain(args.inputs) as Record<string, unknown> } })) as Record<string, unknown>;
      },
    },
    start.project,
    start.stack,
    false,
    // The organization of Pulumi's DIY backends; the program names its own stack with it.
    "organization",
  );
  pulumi.runtime.setAllConfig(start.config, [...start.secretKeys]);
  Object.assign(process.env, start.env);

  const monitor = pulumi.runtime.getMonitor() as unknown as WireMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const key = `${req.getType()}::${req.getName()}`;
    const queue = registrations.get(key) ?? [];
    queue.push({ described: describe(req), secretOutputs: req.getAdditionalsecretoutputsList() });
    registrations.set(key, queue);
    return register(req, cb);
  };
  const read = monitor.readResource.bind(monitor);
  monitor.readResource = (req, cb) => {
    reads.set(`${req.getType()}::${req.getName()}`, urnOf(req.getParent(), req.getType(), req.getName()));
    return read(req, cb);
  };
  // The mock monitor has no registerResourceHook (DESIGN.md): accept the hook, never run it. The
  // runner carries out what the program's hook stands for (verify) at the hook's phase itself.
  monitor.registerResourceHook = (req, cb) => {
    send({ t: "hook", name: req.getName() });
    cb(null, {});
  };

  const program = (await import(pathToFileURL(start.program).href)) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  const secretOutputNames: string[] = [];
  for (const [name, value] of Object.entries(program)) {
    if (name === "default") continue;
    const output = pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<unknown>;
    // Not a preview: every value is known, so apply runs (and rejects if a dependency failed).
    outputs[name] = await new Promise((resolve) => output.apply((v) => resolve(v)));
    if (await pulumi.isSecret(output)) secretOutputNames.push(name);
  }
  // Sent before the drain: a resource hook the runner stands in for (verify) needs the outputs, and
  // the resource carrying it may still be waiting for that hook.
  send({ t: "outputs", outputs: JSON.parse(JSON.stringify(outputs)) as Record<string, unknown>, secretOutputNames });
  // Wait until every RPC (registrations, component outputs) has drained.
  await pulumi.runtime.disconnect();
  // A failed registration that no export depends on is only logged by the SDK; so are the program's
  // own `pulumi.log.error` calls. Either fails `pulumi up`.
  if (pulumi.log.hasErrors()) throw new Error("the program logged errors (see its output above)");
  // The SDK's callback server keeps the event loop alive: leave explicitly once reported.
  sendAndExit({ t: "done" }, 0);
}

process.on("message", (message: EngineMessage) => {
  if (message.t === "start") {
    run(message).catch((error: unknown) => sendAndExit({ t: "failed", error: serializeError(error) }, 1));
    return;
  }
  const entry = waiting.get(message.seq);
  if (entry === undefined) return;
  waiting.delete(message.seq);
  if (message.ok) entry.resolve(message.value);
  else entry.reject(Object.assign(new Error(message.error.message), { name: message.error.name, code: message.error.code }));
});

// The runner went away (killed, Ctrl-C): nobody will answer, so do not wait for answers.
process.on("disconnect", () => process.exit(1));

process.on("unhandledRejection", (error) => sendAndExit({ t: "failed", error: serializeError(error) }, 1));
