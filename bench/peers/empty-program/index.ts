// The empty Pulumi program: the engine section's baseline. Pulumi's Node.js language host loads it
// (index.ts of the folder named by `main`, as it loads infra/index.ts) and it registers no resource,
// so a `pulumi up` of it costs the CLI, the language host, @pulumi/pulumi's start-up and the stack's
// own root resource: everything but the project's program and the provider.
export {};
