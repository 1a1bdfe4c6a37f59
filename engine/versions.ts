// The one place that pins what `npm run pulumi:build` builds, and records what the Go module proxy
// was asked for and refused. Change a version here and run `npm run pulumi:build` again.

/** The Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi), built with Go from the module proxy. */
export const PULUMI_CLI_VERSION = "3.274.1";

/** Modules the build needs: pkg and sdk at the same version (pkg's own go.mod points sdk at ../sdk). */
export const CLI_MODULES = [
  `github.com/pulumi/pulumi/pkg/v3@v${PULUMI_CLI_VERSION}`,
  `github.com/pulumi/pulumi/sdk/v3@v${PULUMI_CLI_VERSION}`,
] as const;

/** pkg's go.mod replaces this fork in; a wrapper module must repeat the replace (a dependency's is ignored). */
export const CLI_REPLACES = ["github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"] as const;

/**
 * The other two binaries of the real flow, asked for at their release commits (pseudo-versions, since
 * neither module has tags of its own). Each is probed again by every `npm run pulumi:build`; while the
 * proxy refuses them, the flow uses Pulumi's in-process Node.js language runtime (Automation API) and
 * the project's substitute azuread provider (engine/azuread-provider/).
 */
export const PROBED_MODULES = [
  {
    binary: "pulumi-resource-azuread",
    release: "@pulumi/azuread 6.9.1",
    module: "github.com/pulumi/pulumi-azuread/provider/v6@v6.0.0-20260522120810-c509bcdd89e7",
    instead: "the project's substitute provider (engine/azuread-provider)",
  },
  {
    binary: "pulumi-resource-azuread (upstream it bridges)",
    release: "terraform-provider-azuread for 6.9.1",
    module: "github.com/hashicorp/terraform-provider-azuread@v1.6.1-0.20260219201236-38d1993a1ea6",
    instead: "the project's substitute provider (engine/azuread-provider)",
  },
  {
    binary: "pulumi-language-nodejs",
    release: `pulumi v${PULUMI_CLI_VERSION}'s nearest tagged commit in the proxy (v3.252.0)`,
    module: "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v3.0.0-20260713105300-31997188e2ca",
    instead: "@pulumi/pulumi's own Node.js runtime, through the Automation API (--client)",
  },
] as const;
