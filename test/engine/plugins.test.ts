// Which azuread provider and language host an engine run gets, from what exists on the machine, and
// which plugin archives a folder offers.

import { describe, expect, it } from "vitest";
import { pickArchives, pluginPlatform } from "../../engine/plugin-archives.ts";
import { choosePlugins, describePlugins, SUBSTITUTE_PROVIDER, type PluginCandidates } from "../../engine/plugins.ts";

const built = { binDir: "/repo/.pulumi-bin", version: "v3.274.1", source: "built" } as const;
const installed = { binDir: "/usr/local/bin", version: "v3.274.1", source: "path" } as const;
const stagedProvider = { binary: "/repo/.pulumi-bin/plugins/azuread/pulumi-resource-azuread", version: "6.9.1", archive: "/shared/pulumi-resource-azuread-v6.9.1-linux-amd64.tar.gz", sha256: "b7773b06b1ba9ef7", pinned: true };
const stagedHost = { binary: "/repo/.pulumi-bin/plugins/nodejs/pulumi-language-nodejs", version: "v3.259.0", archive: "/shared/pulumi-language-nodejs-v3.259.0-linux-amd64.tar.gz", sha256: "af33951939a81c83", pinned: false };
const bare: PluginCandidates = { cli: built, staged: {}, versions: {}, forceSubstitute: false, forceInline: false };

describe("the plugins of an engine run", () => {
  it("falls back to the substitute and the inline runtime on a machine with neither, and says how to get the real ones", () => {
    const plugins = choosePlugins(bare);
    expect(plugins.provider).toMatchObject({ kind: "substitute", binary: SUBSTITUTE_PROVIDER, version: "6.9.1" });
    expect(plugins.languageHost).toMatchObject({ kind: "inline" });
    const [provider, host] = describePlugins(plugins);
    expect(provider).toMatch(/^azuread provider: substitute for 6\.9\.1 \(engine\/azuread-provider, .*GRAPH_WORKLOAD_IDENTITY_PLUGINS/);
    expect(host).toMatch(/^language host: inline \(/);
  });

  it("takes staged archives first: the provider into each run's plugin cache, the host beside the built CLI", () => {
    const plugins = choosePlugins({ ...bare, staged: { provider: stagedProvider, languageHost: stagedHost }, hostBesideCli: "/repo/.pulumi-bin/pulumi-language-nodejs", versions: { "/repo/.pulumi-bin/pulumi-language-nodejs": "v3.259.0" } });
    expect(plugins.provider).toMatchObject({ kind: "real", binary: stagedProvider.binary, version: "6.9.1" });
    expect(plugins.languageHost).toMatchObject({ kind: "real", binary: "/repo/.pulumi-bin/pulumi-language-nodejs", version: "v3.259.0" });
    expect(plugins.languageHost.pathDir).toBeUndefined();
    const [provider, host] = describePlugins(plugins);
    expect(provider).toBe("azuread provider: real pulumi-resource-azuread 6.9.1 from /shared/pulumi-resource-azuread-v6.9.1-linux-amd64.tar.gz (sha256 b7773b06b1ba…, the pinned build)");
    expect(host).toContain("language host: real pulumi-language-nodejs v3.259.0 beside the CLI in .pulumi-bin/, from /shared/pulumi-language-nodejs-v3.259.0");
    expect(host).toContain("not the build pinned");
  });

  it("uses Pulumi's own install as it is: the provider from the user's plugin cache, the host beside the CLI", () => {
    const plugins = choosePlugins({
      ...bare, cli: installed, userCacheProvider: "/home/u/.pulumi/plugins/resource-azuread-v6.9.1/pulumi-resource-azuread", hostBesideCli: "/usr/local/bin/pulumi-language-nodejs",
      versions: { "/home/u/.pulumi/plugins/resource-azuread-v6.9.1/pulumi-resource-azuread": "6.9.1", "/usr/local/bin/pulumi-language-nodejs": "v3.274.1" },
    });
    expect(describePlugins(plugins)).toEqual([
      "azuread provider: real pulumi-resource-azuread 6.9.1 from Pulumi's plugin cache, /home/u/.pulumi/plugins/resource-azuread-v6.9.1/pulumi-resource-azuread",
      "language host: real pulumi-language-nodejs v3.274.1 beside the CLI, /usr/local/bin/pulumi-language-nodejs",
    ]);
  });

  it("puts a staged host on the CLI's PATH when the CLI is the user's and has none beside it", () => {
    const plugins = choosePlugins({ ...bare, cli: installed, staged: { languageHost: stagedHost } });
    expect(plugins.languageHost).toMatchObject({ kind: "real", binary: stagedHost.binary, pathDir: "/repo/.pulumi-bin/plugins/nodejs" });
  });

  it("finds both on PATH last", () => {
    const plugins = choosePlugins({ ...bare, providerOnPath: "/opt/bin/pulumi-resource-azuread", hostOnPath: "/opt/bin/pulumi-language-nodejs", versions: {} });
    expect(plugins.provider).toMatchObject({ kind: "real", binary: "/opt/bin/pulumi-resource-azuread" });
    expect(plugins.languageHost).toMatchObject({ kind: "real", binary: "/opt/bin/pulumi-language-nodejs" });
  });

  it("runs the substitute or the inline runtime when asked to, even where the real ones exist (for comparisons)", () => {
    const plugins = choosePlugins({ ...bare, staged: { provider: stagedProvider, languageHost: stagedHost }, forceSubstitute: true, forceInline: true });
    expect(plugins.provider.kind).toBe("substitute");
    expect(plugins.languageHost.kind).toBe("inline");
    expect(describePlugins(plugins).join("\n")).toContain("GRAPH_WORKLOAD_IDENTITY_PROVIDER=substitute");
  });
});

describe("plugin archives in a folder", () => {
  it("names the platform as Pulumi's archives do", () => {
    expect(pluginPlatform("linux", "x64")).toBe("linux-amd64");
    expect(pluginPlatform("darwin", "arm64")).toBe("darwin-arm64");
    expect(pluginPlatform("win32", "x64")).toBe("windows-amd64");
  });

  it("picks the provider of the SDK's version and the newest language host of this platform, nothing else", () => {
    const names = [
      "README.md", "build-from-source.sh",
      "pulumi-resource-azuread-v6.8.0-linux-amd64.tar.gz", "pulumi-resource-azuread-v6.9.1-linux-amd64.tar.gz", "pulumi-resource-azuread-v6.9.1-darwin-arm64.tar.gz",
      "pulumi-language-nodejs-v3.259.0-linux-amd64.tar.gz", "pulumi-language-nodejs-v3.99.0-linux-amd64.tar.gz", "pulumi-language-nodejs-v3.300.0-darwin-arm64.tar.gz",
    ];
    expect(pickArchives(names, "linux-amd64")).toEqual({
      provider: "pulumi-resource-azuread-v6.9.1-linux-amd64.tar.gz",
      languageHost: "pulumi-language-nodejs-v3.259.0-linux-amd64.tar.gz",
    });
    expect(pickArchives(["pulumi-resource-azuread-v6.8.0-linux-amd64.tar.gz"], "linux-amd64")).toEqual({});
  });
});
