// Runs the program (infra/program.ts) under Pulumi's unit-test mocks and records what reaches the (mock) resource
// monitor: registrations with their options (secret outputs, parent, dependencies, provider, hooks),
// component outputs as serialized on the wire (secretness included), invokes, resource hooks and
// log lines. Each call evaluates a fresh copy of the program's modules (vi.resetModules), so one test
// file can run the program many times.
//
// The mock monitor has no registerResourceHook (a program that registers a hook would never resolve
// its outputs): it is stubbed here, recording the request; the hooks themselves are captured from the
// callback server so that tests can call them as the engine would. Hooks never run under mocks.

import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { APP_ROLE_IDS, GRAPH_SP_OBJECT_ID, SCOPE_IDS } from "../fixtures/graph-service-principal.ts";
import { mockState, SECRET_SIG, SIG_KEY } from "./mock-resources.ts";

export { MOCK_SECRET_VALUE, mockSecretValue, SECRET_SIG } from "./mock-resources.ts";

export const PROJECT = "graph-workload-identity";
export const STACK = "dev";
export const ORGANIZATION = "organization";
export const DEPLOYER = {
  tenantId: "72f988bf-0000-4000-8000-000000000001",
  objectId: "0d0e0a0d-0000-4000-8000-00000000beef",
  clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
} as const;

export interface HookBinding {
  readonly beforeCreate: string[];
  readonly afterCreate: string[];
  readonly beforeUpdate: string[];
  readonly afterUpdate: string[];
}

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string;
  /** Inputs as the mocks received them (deserialized). */
  readonly inputs: Record<string, unknown>;
  /** Inputs as serialized on the wire: secrets keep their signature (see isWireSecret). */
  readonly wire: Record<string, unknown>;
  /** State the mocks returned (ids etc.). */
  readonly state: Record<string, unknown>;
  readonly id: string;
  readonly additionalSecretOutputs: readonly string[];
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly dependencies: readonly string[];
  /** Provider reference (`urn::id`), empty for the default provider. */
  readonly provider: string;
  readonly hooks: HookBinding | undefined;
}

export interface ProgramRun {
  readonly registrations: Registration[];
  readonly invokes: { token: string; inputs: Record<string, unknown> }[];
  /** StackReferences read (type, name, referenced stack). */
  readonly reads: { type: string; name: string; id: string }[];
  /** registerOutputs of components, as serialized on the wire (secrets keep their signature). */
  readonly componentOutputs: Map<string, Record<string, unknown>>;
  /** RegisterResourceHook requests as they reached the monitor. */
  readonly hookRequests: { name: string; onDryRun: boolean; ignoreErrors: boolean }[];
  /** The registered hooks, by name, to call their callbacks directly. */
  readonly hooks: Map<string, pulumi.ResourceHook>;
  /** pulumi.log lines (under mocks they go to the console). */
  readonly logs: { level: "info" | "warn" | "error"; message: string }[];
  readonly exports: Record<string, unknown> | undefined;
  readonly error: unknown;
}

interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface HooksRequest {
  getBeforeCreateList(): string[];
  getAfterCreateList(): string[];
  getBeforeUpdateList(): string[];
  getAfterUpdateList(): string[];
}
/** The request fields this helper reads (protobuf RegisterResourceRequest / …OutputsRequest / …HookRequest). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getAdditionalsecretoutputsList(): string[];
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getDependenciesList(): string[];
  getProvider(): string;
  getHooks(): HooksRequest | undefined;
  getObject(): Struct | undefined;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): Struct | undefined;
}
interface HookRequest {
  getName(): string;
  getOnDryRun(): boolean;
  getIgnoreErrors(): boolean;
}
type Callback = (err: unknown, resp: unknown) => void;
interface WireMonitor {
  registerResource(req: RegisterRequest, cb: Callback): unknown;
  registerResourceOutputs(req: OutputsRequest, cb: Callback): unknown;
  registerResourceHook?: (req: HookRequest, cb: Callback) => unknown;
}

export interface RunOptions {
  /** Keys in the project namespace, without the prefix, as Pulumi stores them (strings, JSON). */
  readonly config: Record<string, string>;
  /** Other namespaces, full keys (e.g. `azuread:environment`). */
  readonly providerConfig?: Record<string, string>;
  /** Environment variables set for the run only. */
  readonly env?: Record<string, string>;
  readonly graph?: { appRoleIds: Record<string, string>; oauth2PermissionScopeIds: Record<string, string> };
  /** Outputs of the stack's last update, as its StackReference to itself sees them (default: none). */
  readonly previousOutputs?: Record<string, unknown>;
  /** Which of them the backend marks secret (default: clientSecret). */
  readonly previousSecretOutputNames?: readonly string[];
}

export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  vi.resetModules();
  const byName = new Map<string, { inputs: Record<string, unknown>; id: string; state: Record<string, unknown> }>();
  const run: Omit<ProgramRun, "exports" | "error"> = {
    registrations: [],
    invokes: [],
    reads: [],
    componentOutputs: new Map(),
    hookRequests: [],
    hooks: new Map(),
    logs: [],
  };
  const graph = options.graph ?? { appRoleIds: APP_ROLE_IDS, oauth2PermissionScopeIds: SCOPE_IDS };

  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const inputs = args.inputs as Record<string, unknown>;
        const result = mockState(args.type, args.name, inputs, { outputs: options.previousOutputs ?? {}, secretOutputNames: options.previousSecretOutputNames });
        if (args.type === "pulumi:pulumi:StackReference") run.reads.push({ type: args.type, name: args.name, id: String(args.id) });
        byName.set(`${args.type}::${args.name}`, { inputs, ...result });
        return result;
      },
      call(args: pulumi.runtime.MockCallArgs) {
        const inputs = args.inputs as Record<string, unknown>;
        run.invokes.push({ token: args.token, inputs });
        if (args.token === "azuread:index/getClientConfig:getClientConfig") return { ...DEPLOYER, id: DEPLOYER.clientId };
        if (args.token === "azuread:index/getServicePrincipal:getServicePrincipal" && inputs["clientId"] === "00000003-0000-0000-c000-000000000000") {
          return { objectId: GRAPH_SP_OBJECT_ID, clientId: inputs["clientId"], displayName: "Microsoft Graph", ...graph };
        }
        throw new Error(`unexpected invoke ${args.token} ${JSON.stringify(inputs)}`);
      },
    },
    PROJECT,
    STACK,
    false,
    ORGANIZATION,
  );
  const config: Record<string, string> = { ...options.providerConfig };
  for (const [k, v] of Object.entries(options.config)) config[`${PROJECT}:${k}`] = v;
  pulumi.runtime.setAllConfig(config);

  // Options and secretness are applied by the SDK on the way to the engine: observe them there.
  const monitor = pulumi.runtime.getMonitor() as unknown as WireMonitor;
  const pending: RegisterRequest[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    pending.push(req);
    return register(req, cb);
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    run.componentOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
    return registerOutputs(req, cb);
  };
  monitor.registerResourceHook = (req, cb) => {
    run.hookRequests.push({ name: req.getName(), onDryRun: req.getOnDryRun(), ignoreErrors: req.getIgnoreErrors() });
    cb(null, {});
    return undefined;
  };
  const callbacks = pulumi.runtime.getCallbacks();
  if (callbacks !== undefined) {
    const registerHook = callbacks.registerResourceHook.bind(callbacks);
    callbacks.registerResourceHook = (hook) => {
      run.hooks.set(hook.name, hook);
      return registerHook(hook);
    };
  }

  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(options.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const record = (level: "info" | "warn" | "error") => (...args: unknown[]) => void run.logs.push({ level, message: args.map(String).join(" ") });
  const consoleLog = vi.spyOn(console, "log").mockImplementation(record("info"));
  const consoleWarn = vi.spyOn(console, "warn").mockImplementation(record("warn"));
  const consoleError = vi.spyOn(console, "error").mockImplementation(record("error"));
  let exports: Record<string, unknown> | undefined;
  let error: unknown;
  try {
    const { program } = await import("../../../infra/program.ts");
    exports = await program();
    // Outputs resolve in the background; wait until every RPC (registrations, outputs) has drained.
    await pulumi.runtime.disconnect();
  } catch (e) {
    error = e;
  } finally {
    consoleLog.mockRestore();
    consoleWarn.mockRestore();
    consoleError.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  for (const req of pending) {
    const recorded = byName.get(`${req.getType()}::${req.getName()}`);
    const hooks = req.getHooks();
    run.registrations.push({
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      inputs: recorded?.inputs ?? {},
      wire: req.getObject()?.toJavaScript() ?? {},
      state: recorded?.state ?? {},
      id: recorded?.id ?? "",
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      ignoreChanges: req.getIgnorechangesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      dependencies: req.getDependenciesList(),
      provider: req.getProvider(),
      hooks:
        hooks === undefined
          ? undefined
          : { beforeCreate: hooks.getBeforeCreateList(), afterCreate: hooks.getAfterCreateList(), beforeUpdate: hooks.getBeforeUpdateList(), afterUpdate: hooks.getAfterUpdateList() },
    });
  }
  return { ...run, exports, error };
}

/** The value of an Output (mocks are not a preview, so every value is known). */
export function valueOf<T>(output: unknown): Promise<T> {
  return new Promise((resolve) => (pulumi.output(output) as pulumi.Output<T>).apply((v) => resolve(v)));
}

/** Stack outputs as Pulumi records them: resolved values, undefined ones omitted. */
export async function stackOutputs(run: ProgramRun): Promise<Record<string, unknown>> {
  const entries = await Promise.all(Object.entries(run.exports ?? {}).map(async ([k, v]) => [k, await valueOf(v)] as const));
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/** True when a wire value carries Pulumi's secret signature. */
export function isWireSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}
