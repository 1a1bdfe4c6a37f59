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

/** The azuread provider the program's SDK (@pulumi/azuread in package.json) asks the engine for. */
export const AZUREAD_PROVIDER_VERSION = "6.9.1";

/**
 * A folder of Pulumi plugin archives (`pulumi-resource-azuread-v<version>-<os>-<arch>.tar.gz`,
 * `pulumi-language-nodejs-v<version>-<os>-<arch>.tar.gz`) that `npm run pulumi:build` stages for every
 * engine run: for machines that cannot download plugins (the Go module proxy refuses both modules).
 */
export const PLUGINS_DIR_ENV = "GRAPH_WORKLOAD_IDENTITY_PLUGINS";

/**
 * The archives this project was tested with: built from the public sources (pulumi/pulumi-azuread
 * v6.9.1 bridging hashicorp/terraform-provider-azuread v3.8.0; pulumi/pulumi v3.259.0's
 * sdk/nodejs/cmd/pulumi-language-nodejs) with Go 1.26.8, CGO_ENABLED=0, -trimpath. Another archive
 * of the same name is used too, and reported as not the pinned build.
 */
export const PINNED_ARCHIVES: Readonly<Record<string, string>> = {
  "pulumi-resource-azuread-v6.9.1-linux-amd64.tar.gz": "b7773b06b1ba9ef7d678b0f7a67ebe8664ea49c72ac3b511f0c29327ca206a74",
  "pulumi-language-nodejs-v3.259.0-linux-amd64.tar.gz": "af33951939a81c8367ecaf17c65e2a4e01af70c4ad506367a671913c65e0bb84",
};
