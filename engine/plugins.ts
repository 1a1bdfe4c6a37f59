// Which azuread provider and which Node.js language host an engine run uses, and where each came
// from. The real ones win wherever they exist: plugin archives staged by `npm run pulumi:build`
// (GRAPH_WORKLOAD_IDENTITY_PLUGINS), Pulumi's own install (its plugin cache, the language host beside
// its CLI), or PATH. Only a machine with none of them runs the project's substitute provider and the
// Automation API's inline runtime, and every run says which it got (`describePlugins`).

import { execFile } from "node:child_process";
import { access, constants, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { AZUREAD_PROVIDER_VERSION, PLUGINS_DIR_ENV } from "./versions.ts";
import { PULUMI_BIN_DIR, REPO_ROOT, type PulumiCli } from "./pulumi-cli.ts";

/** Forces a choice: `substitute` (the provider) or `inline` (the language host), for comparisons. */
export const PROVIDER_CHOICE_ENV = "GRAPH_WORKLOAD_IDENTITY_PROVIDER";
export const LANGUAGE_HOST_CHOICE_ENV = "GRAPH_WORKLOAD_IDENTITY_LANGUAGE_HOST";

/** What `npm run pulumi:build` extracted from the plugin archives, and the record of where from. */
export const STAGED_DIR = join(PULUMI_BIN_DIR, "plugins");
export const stagedPaths = (dir: string) => ({
  provider: join(dir, "azuread", "pulumi-resource-azuread"),
  languageHost: join(dir, "nodejs", "pulumi-language-nodejs"),
  manifest: join(dir, "staged.json"),
});
export const STAGED_MANIFEST = stagedPaths(STAGED_DIR).manifest;
/** The substitute's launcher (a shell script; see substitute-launcher.ts). */
export const SUBSTITUTE_PROVIDER = join(STAGED_DIR, "substitute", "pulumi-resource-azuread");

export interface StagedBinary {
  readonly binary: string;
  readonly version: string;
  readonly archive: string;
  readonly sha256: string;
  /** The archive's checksum is the one pinned in engine/versions.ts. */
  readonly pinned: boolean;
}
export interface StagedManifest {
  readonly provider?: StagedBinary;
  readonly languageHost?: StagedBinary;
}

export interface ProviderChoice {
  readonly kind: "real" | "substitute";
  /** The executable each run installs into its plugin cache (`pulumi plugin install … --file`). */
  readonly binary: string;
  readonly version: string;
  readonly origin: string;
}
export interface LanguageHostChoice {
  readonly kind: "real" | "inline";
  readonly binary?: string;
  readonly version?: string;
  readonly origin: string;
  /** A folder the CLI's PATH needs so that it finds the host (undefined: beside the CLI already). */
  readonly pathDir?: string;
}
export interface EnginePlugins {
  readonly provider: ProviderChoice;
  readonly languageHost: LanguageHostChoice;
}

/** What exists on this machine, gathered by `findPluginCandidates`; `choosePlugins` decides from it. */
export interface PluginCandidates {
  readonly cli: PulumiCli;
  readonly staged: StagedManifest;
  /** `pulumi-resource-azuread` of the pinned version in the user's own plugin cache ($PULUMI_HOME or ~/.pulumi). */
  readonly userCacheProvider?: string;
  readonly providerOnPath?: string;
  readonly hostBesideCli?: string;
  readonly hostOnPath?: string;
  /** Versions the binaries report (`-version`), by path. */
  readonly versions: Readonly<Record<string, string>>;
  readonly forceSubstitute: boolean;
  readonly forceInline: boolean;
}

const archiveOrigin = (staged: StagedBinary): string =>
  `from ${staged.archive} (sha256 ${staged.sha256.slice(0, 12)}…${staged.pinned ? ", the pinned build" : ", not the build pinned in engine/versions.ts"})`;

export function choosePlugins(found: PluginCandidates): EnginePlugins {
  return { provider: chooseProvider(found), languageHost: chooseLanguageHost(found) };
}

function chooseProvider(found: PluginCandidates): ProviderChoice {
  const substitute = (why: string): ProviderChoice => ({
    kind: "substitute", binary: SUBSTITUTE_PROVIDER, version: AZUREAD_PROVIDER_VERSION, origin: `engine/azuread-provider, ${why}`,
  });
  if (found.forceSubstitute) return substitute(`${PROVIDER_CHOICE_ENV}=substitute`);
  const versionOf = (path: string) => found.versions[path] ?? AZUREAD_PROVIDER_VERSION;
  if (found.staged.provider !== undefined) {
    return { kind: "real", binary: found.staged.provider.binary, version: found.staged.provider.version, origin: archiveOrigin(found.staged.provider) };
  }
  if (found.userCacheProvider !== undefined) {
    return { kind: "real", binary: found.userCacheProvider, version: versionOf(found.userCacheProvider), origin: `from Pulumi's plugin cache, ${found.userCacheProvider}` };
  }
  if (found.providerOnPath !== undefined) {
    return { kind: "real", binary: found.providerOnPath, version: versionOf(found.providerOnPath), origin: `from PATH, ${found.providerOnPath}` };
  }
  return substitute(
    `no real plugin here: set ${PLUGINS_DIR_ENV} to a folder of plugin archives and run npm run pulumi:build, or \`pulumi plugin install resource azuread ${AZUREAD_PROVIDER_VERSION}\``,
  );
}

function chooseLanguageHost(found: PluginCandidates): LanguageHostChoice {
  const inline = (why: string): LanguageHostChoice => ({ kind: "inline", origin: `the Automation API's in-process runtime, ${why}` });
  if (found.forceInline) return inline(`${LANGUAGE_HOST_CHOICE_ENV}=inline`);
  const version = (path: string) => found.versions[path];
  if (found.hostBesideCli !== undefined) {
    const staged = found.staged.languageHost;
    const origin = found.cli.source === "built" && staged !== undefined ? `beside the CLI in .pulumi-bin/, ${archiveOrigin(staged)}` : `beside the CLI, ${found.hostBesideCli}`;
    return { kind: "real", binary: found.hostBesideCli, version: version(found.hostBesideCli), origin };
  }
  if (found.staged.languageHost !== undefined) {
    const staged = found.staged.languageHost;
    return { kind: "real", binary: staged.binary, version: staged.version, origin: archiveOrigin(staged), pathDir: join(staged.binary, "..") };
  }
  if (found.hostOnPath !== undefined) return { kind: "real", binary: found.hostOnPath, version: version(found.hostOnPath), origin: `from PATH, ${found.hostOnPath}` };
  return inline(`no pulumi-language-nodejs beside the CLI or on PATH (set ${PLUGINS_DIR_ENV} and run npm run pulumi:build)`);
}

/** The two lines every engine run prints before it starts. */
export function describePlugins(plugins: EnginePlugins): [string, string] {
  const { provider, languageHost } = plugins;
  const providerLine = provider.kind === "real"
    ? `azuread provider: real pulumi-resource-azuread ${provider.version} ${provider.origin}`
    : `azuread provider: substitute for ${provider.version} (${provider.origin})`;
  const hostLine = languageHost.kind === "real"
    ? `language host: real pulumi-language-nodejs ${languageHost.version ?? "(version unknown)"} ${languageHost.origin}`
    : `language host: inline (${languageHost.origin})`;
  return [providerLine, hostLine];
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}

async function onPath(name: string, env: NodeJS.ProcessEnv, skip: readonly string[]): Promise<string | undefined> {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir === "" || skip.includes(dir)) continue;
    if (await executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export async function readStagedManifest(path = STAGED_MANIFEST): Promise<StagedManifest> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return {};
  const manifest = JSON.parse(text) as StagedManifest;
  // A manifest whose binaries were removed since (a cleaned .pulumi-bin) stages nothing.
  return {
    ...(manifest.provider && (await executable(manifest.provider.binary)) ? { provider: manifest.provider } : {}),
    ...(manifest.languageHost && (await executable(manifest.languageHost.binary)) ? { languageHost: manifest.languageHost } : {}),
  };
}

export async function findPluginCandidates(cli: PulumiCli, env: NodeJS.ProcessEnv = process.env, reportVersion: (binary: string) => Promise<string | undefined>): Promise<PluginCandidates> {
  const staged = await readStagedManifest();
  const userHome = env["PULUMI_HOME"] || join(homedir(), ".pulumi");
  const cached = join(userHome, "plugins", `resource-azuread-v${AZUREAD_PROVIDER_VERSION}`, "pulumi-resource-azuread");
  const userCacheProvider = cli.source === "path" && (await executable(cached)) ? cached : undefined;
  const skip = [PULUMI_BIN_DIR, join(REPO_ROOT, "node_modules", ".bin")];
  const providerOnPath = await onPath("pulumi-resource-azuread", env, skip);
  const beside = join(cli.binDir, "pulumi-language-nodejs");
  const hostBesideCli = (await executable(beside)) ? beside : undefined;
  const hostOnPath = await onPath("pulumi-language-nodejs", env, [...skip, cli.binDir]);
  const versions: Record<string, string> = {};
  for (const binary of [userCacheProvider, providerOnPath, hostBesideCli, hostOnPath]) {
    if (binary === undefined) continue;
    const version = await reportVersion(binary);
    if (version !== undefined) versions[binary] = version;
  }
  return {
    cli, staged, userCacheProvider, providerOnPath, hostBesideCli, hostOnPath, versions,
    forceSubstitute: env[PROVIDER_CHOICE_ENV] === "substitute",
    forceInline: env[LANGUAGE_HOST_CHOICE_ENV] === "inline",
  };
}

/** What `binary -version` prints (both plugins answer it), or undefined when it does not run. */
async function pluginVersion(binary: string): Promise<string | undefined> {
  return new Promise((resolveVersion) => {
    execFile(binary, ["-version"], { timeout: 30_000 }, (error, stdout) => resolveVersion(error ? undefined : stdout.trim() || undefined));
  });
}

/** The plugins of this machine for an engine run with `cli`. */
export async function resolvePlugins(cli: PulumiCli, env: NodeJS.ProcessEnv = process.env): Promise<EnginePlugins> {
  return choosePlugins(await findPluginCandidates(cli, env, pluginVersion));
}

/** The CLI and the plugins of one engine run, found once. */
export interface EngineRuntime {
  readonly cli: PulumiCli;
  readonly plugins: EnginePlugins;
}
