// One run of the Pulumi program under Pulumi's unit-test mocks, in its own process, so that wall
// time and peak memory are the program's. Modes (BENCH_PROGRAM_MODE):
//   program       the mocks + the program (infra/program.ts) with the permissions of BENCH_PROGRAM_INPUT
//   bare          the mocks + importing @pulumi/pulumi and @pulumi/azuread only (the floor)
//   azure-native  bare + importing all of @pulumi/azure-native (what the program must not pay)
//   bare-verify   bare + importing verify/index.ts (what the deploy-time hook's import costs)
// Prints one JSON line: how many resources were registered and how many @pulumi/azure-native (and
// undici) files were loaded (from the CommonJS module cache, where the SDK's files land even when imported from ESM).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";

interface ProgramInput {
  permissions: string[];
  allowPrivileged: string[];
  appRoleIds: Record<string, string>;
}

const mode = process.env["BENCH_PROGRAM_MODE"] ?? "program";
const input: ProgramInput = process.env["BENCH_PROGRAM_INPUT"]
  ? (JSON.parse(readFileSync(process.env["BENCH_PROGRAM_INPUT"], "utf8")) as ProgramInput)
  : { permissions: ["User.Read.All"], allowPrivileged: [], appRoleIds: { "User.Read.All": "df021288-bdef-4463-88db-98f22de89214" } };
const PROJECT = "graph-workload-identity";

let counter = 0;
const guid = () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, "0")}`;
let registered = 0;

await pulumi.runtime.setMocks(
  {
    // Any resource: its inputs back plus the ids the program reads (the same shapes as test/infra's mocks).
    newResource(args: pulumi.runtime.MockResourceArgs) {
      registered++;
      const inputs = args.inputs as Record<string, unknown>;
      if (args.type.startsWith("graph-workload-identity:")) return { id: "", state: {} };
      // The program's StackReference to itself: a stack that was never deployed has no outputs.
      if (args.type === "pulumi:pulumi:StackReference") return { id: String(inputs["name"]), state: { name: inputs["name"], outputs: {}, secretOutputNames: [] } };
      if (args.type === "pulumi:index:Stash") return { id: guid(), state: { input: inputs["input"], output: inputs["input"] } };
      const objectId = guid();
      return { id: `/${args.type}/${objectId}`, state: { ...inputs, objectId, clientId: guid(), keyId: guid(), value: "mock-secret-value" } };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      if (args.token === "azuread:index/getClientConfig:getClientConfig") {
        return { tenantId: "72f988bf-0000-4000-8000-000000000001", objectId: "0d0e0a0d-0000-4000-8000-00000000beef", clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46" };
      }
      if (args.token === "azuread:index/getServicePrincipal:getServicePrincipal") {
        return { objectId: "9f5d4c1e-2b8a-4e3d-9c7f-0a1b2c3d4e5f", clientId: "00000003-0000-0000-c000-000000000000", displayName: "Microsoft Graph", appRoleIds: input.appRoleIds, oauth2PermissionScopeIds: {} };
      }
      throw new Error(`unexpected invoke ${args.token}`);
    },
  },
  PROJECT,
  "bench",
  false,
  "organization",
);
// The mock monitor has no registerResourceHook (DESIGN.md): answer it, as test/infra's helper does,
// or a program that registers a deploy-time hook never resolves its outputs. Hooks never run here.
const monitor = pulumi.runtime.getMonitor() as unknown as { registerResourceHook?: (req: unknown, cb: (err: unknown, resp: unknown) => void) => unknown };
monitor.registerResourceHook = (_req, cb) => {
  cb(null, {});
  return undefined;
};
pulumi.runtime.setAllConfig({
  [`${PROJECT}:permissions`]: JSON.stringify(input.permissions),
  ...(input.allowPrivileged.length > 0 ? { [`${PROJECT}:allowPrivileged`]: JSON.stringify(input.allowPrivileged) } : {}),
});

if (mode === "program") {
  await (await import("../../infra/program.ts")).program();
} else {
  await import("@pulumi/azuread");
  if (mode === "azure-native") await import("@pulumi/azure-native");
  if (mode === "bare-verify") await import("../../verify/index.ts");
}
// Outputs resolve in the background: wait until every RPC to the mock monitor has drained.
await pulumi.runtime.disconnect();

const cache = Object.keys(createRequire(import.meta.url).cache);
const azureNativeFiles = cache.filter((path) => path.includes("/node_modules/@pulumi/azure-native/")).length;
// undici is verify's HTTP client and nothing else in the program uses it: its files mean verify was loaded.
const undiciFiles = cache.filter((path) => path.includes("/node_modules/undici/")).length;
process.stdout.write(`${JSON.stringify({ mode, permissions: input.permissions.length, registered, azureNativeFiles, undiciFiles, loadedCommonJsFiles: cache.length })}\n`);
