// Entry point of the substitute `pulumi-resource-azuread` plugin (.pulumi-bin/pulumi-resource-azuread
// runs it with Node). @pulumi/pulumi's provider host serves the gRPC protocol; its Configure answers
// without handing the provider config to the provider, so the config is taken from the request on its
// way in (the azuread settings: tenantId, clientId, clientSecret, metadataHost, environment).

import { createRequire } from "node:module";
import * as provider from "@pulumi/pulumi/provider/index.js";
import { SubstituteAzureadProvider } from "./provider.ts";

interface ConfigureCall { request: { getArgs?: () => { toJavaScript(): Record<string, unknown> } | undefined; getVariablesMap?: () => { toObject(): [string, string][] } } }
type Implementation = Record<string, unknown> & { configure?: (call: ConfigureCall, callback: unknown) => void };

/** Provider config from a Configure request: its `args` struct, else the `azuread:config:*` variables. */
function configFrom(call: ConfigureCall): Record<string, unknown> {
  const args = call.request.getArgs?.()?.toJavaScript();
  if (args !== undefined && Object.keys(args).length > 0) return args;
  const variables = call.request.getVariablesMap?.().toObject() ?? [];
  return Object.fromEntries(variables.filter(([k]) => k.startsWith("azuread:config:")).map(([k, v]) => [k.slice("azuread:config:".length), v]));
}

const substitute = new SubstituteAzureadProvider();
// The same @grpc/grpc-js instance @pulumi/pulumi serves with (resolved from its own location).
const grpc = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi/provider/server.js"))("@grpc/grpc-js") as {
  Server: { prototype: { addService: (service: unknown, implementation: Implementation) => void } };
};
const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (this: unknown, service: unknown, implementation: Implementation): void {
  const configure = implementation.configure?.bind(implementation);
  if (configure !== undefined) {
    implementation.configure = (call, callback) => {
      substitute.configure(configFrom(call));
      configure(call, callback);
    };
  }
  addService.call(this, service, implementation);
};

await provider.main(substitute, process.argv.slice(2));
