// Runs infra/index.ts under Pulumi's unit-test mocks and records what reaches the (mock) resource
// monitor: registrations with their options (secret outputs, parent), component outputs as
// serialized on the wire (secretness included), and invokes. Each call evaluates a fresh copy of
// the program (vi.resetModules), so one test file can run the program many times.

import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { APP_ROLE_IDS, GRAPH_SP_OBJECT_ID, SCOPE_IDS } from "../fixtures/graphServicePrincipal.ts";

export const PROJECT = "graph-workload-identity";
export const STACK = "dev";
export const DEPLOYER = {
  tenantId: "72f988bf-0000-4000-8000-000000000001",
  objectId: "0d0e0a0d-0000-4000-8000-00000000beef",
  clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
} as const;
export const MOCK_SECRET_VALUE = "mock-secret-value~not.a.real.one";
/** Pulumi's wire signature for a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string;
  /** Inputs as the mocks received them (deserialized). */
  readonly inputs: Record<string, unknown>;
  /** State the mocks returned (ids etc.). */
  readonly state: Record<string, unknown>;
  readonly id: string;
  readonly additionalSecretOutputs: readonly string[];
}

export interface ProgramRun {
  readonly registrations: Registration[];
  readonly invokes: { token: string; inputs: Record<string, unknown> }[];
  /** registerOutputs of components, as serialized on the wire (secrets keep their signature). */
  readonly componentOutputs: Map<string, Record<string, unknown>>;
  readonly exports: Record<string, unknown> | undefined;
  readonly error: unknown;
}

/** The request fields this helper reads (protobuf RegisterResourceRequest / RegisterResourceOutputsRequest). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getAdditionalsecretoutputsList(): string[];
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback = (err: unknown, resp: unknown) => void;
interface WireMonitor {
  registerResource(req: RegisterRequest, cb: Callback): unknown;
  registerResourceOutputs(req: OutputsRequest, cb: Callback): unknown;
}

let counter = 0;
function fakeGuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

function mockState(type: string, inputs: Record<string, unknown>): { id: string; state: Record<string, unknown> } {
  switch (type) {
    case "azuread:index/application:Application": {
      const objectId = fakeGuid();
      return { id: `/applications/${objectId}`, state: { ...inputs, objectId, clientId: fakeGuid() } };
    }
    case "azuread:index/servicePrincipal:ServicePrincipal": {
      const objectId = fakeGuid();
      return { id: `/servicePrincipals/${objectId}`, state: { ...inputs, objectId } };
    }
    case "azuread:index/applicationPassword:ApplicationPassword": {
      const keyId = fakeGuid();
      return { id: `${String(inputs["applicationId"])}/password/${keyId}`, state: { ...inputs, keyId, value: MOCK_SECRET_VALUE } };
    }
    case "azuread:index/appRoleAssignment:AppRoleAssignment":
      return { id: `/servicePrincipals/${String(inputs["resourceObjectId"])}/appRoleAssignedTo/${fakeGuid()}`, state: { ...inputs } };
    case "graph-workload-identity:index:WorkloadIdentity":
      return { id: "", state: {} };
    default:
      // A resource the program is not expected to create is a test failure, not a silent success.
      throw new Error(`unexpected resource type ${type}`);
  }
}

export interface RunOptions {
  /** Keys in the project namespace, without the prefix, as Pulumi stores them (strings, JSON). */
  readonly config: Record<string, string>;
  /** Other namespaces, full keys (e.g. `azuread:environment`). */
  readonly providerConfig?: Record<string, string>;
  /** Environment variables set for the run only. */
  readonly env?: Record<string, string>;
  readonly graph?: { appRoleIds: Record<string, string>; oauth2PermissionScopeIds: Record<string, string> };
}

export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  vi.resetModules();
  const registrations: Registration[] = [];
  const byName = new Map<string, { inputs: Record<string, unknown>; id: string; state: Record<string, unknown> }>();
  const invokes: ProgramRun["invokes"] = [];
  const componentOutputs = new Map<string, Record<string, unknown>>();
  const graph = options.graph ?? { appRoleIds: APP_ROLE_IDS, oauth2PermissionScopeIds: SCOPE_IDS };

  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const inputs = args.inputs as Record<string, unknown>;
        const result = mockState(args.type, inputs);
        byName.set(`${args.type}::${args.name}`, { inputs, ...result });
        return result;
      },
      call(args: pulumi.runtime.MockCallArgs) {
        const inputs = args.inputs as Record<string, unknown>;
        invokes.push({ token: args.token, inputs });
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
  );
  const config: Record<string, string> = { ...options.providerConfig };
  for (const [k, v] of Object.entries(options.config)) config[`${PROJECT}:${k}`] = v;
  pulumi.runtime.setAllConfig(config);

  // Options and secretness are applied by the SDK on the way to the engine: observe them there.
  const monitor = pulumi.runtime.getMonitor() as unknown as WireMonitor;
  const pending: { req: RegisterRequest }[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    pending.push({ req });
    return register(req, cb);
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    componentOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
    return registerOutputs(req, cb);
  };

  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(options.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  let exports: Record<string, unknown> | undefined;
  let error: unknown;
  try {
    exports = (await import("../../../infra/index.ts")) as Record<string, unknown>;
    // Outputs resolve in the background; wait until every RPC (registrations, outputs) has drained.
    await pulumi.runtime.disconnect();
  } catch (e) {
    error = e;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  for (const { req } of pending) {
    const recorded = byName.get(`${req.getType()}::${req.getName()}`);
    registrations.push({
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      inputs: recorded?.inputs ?? {},
      state: recorded?.state ?? {},
      id: recorded?.id ?? "",
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    });
  }
  return { registrations, invokes, componentOutputs, exports, error };
}

/** The value of an Output (mocks are not a preview, so every value is known). */
export function valueOf<T>(output: unknown): Promise<T> {
  return new Promise((resolve) => (pulumi.output(output) as pulumi.Output<T>).apply((v) => resolve(v)));
}

/** True when a wire value carries Pulumi's secret signature. */
export function isWireSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}
