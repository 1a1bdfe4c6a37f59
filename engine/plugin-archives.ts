// Stages the real plugins from a folder of Pulumi plugin archives (GRAPH_WORKLOAD_IDENTITY_PLUGINS),
// for `npm run pulumi:build`: the azuread provider goes to .pulumi-bin/plugins/azuread/, from where
// every run installs it into its own plugin cache (`pulumi plugin install resource azuread … --file`,
// what a download would do); the Node.js language host, a "bundled" plugin that the CLI only looks for
// beside itself or on PATH, goes beside the built CLI. Idempotent: an archive already staged (same
// checksum) is not extracted again.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, copyFile, link, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { readStagedManifest, STAGED_DIR, stagedPaths, type StagedBinary, type StagedManifest } from "./plugins.ts";
import { PULUMI_BIN_DIR } from "./pulumi-cli.ts";
import { AZUREAD_PROVIDER_VERSION, PINNED_ARCHIVES, PLUGINS_DIR_ENV } from "./versions.ts";

const run = promisify(execFile);

export class PluginArchiveError extends Error {
  readonly fix: string;
  constructor(problem: string, fix: string) {
    super(problem);
    this.fix = fix;
  }
}

/** Pulumi's platform suffix for archives: linux-amd64, darwin-arm64, windows-amd64, … */
export function pluginPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "x64" ? "amd64" : arch;
  return `${os}-${cpu}`;
}

const compareVersions = (a: string, b: string): number => {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i += 1) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export interface ArchiveChoice {
  readonly provider?: string;
  readonly languageHost?: string;
}

/**
 * From a folder's file names: the provider archive of exactly the version the SDK asks for, and the
 * newest language host for this platform. Anything else in the folder is ignored.
 */
export function pickArchives(names: readonly string[], platform: string): ArchiveChoice {
  const provider = `pulumi-resource-azuread-v${AZUREAD_PROVIDER_VERSION}-${platform}.tar.gz`;
  const hostPattern = new RegExp(`^pulumi-language-nodejs-v(\\d+\\.\\d+\\.\\d+)-${platform.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.tar\\.gz$`);
  const hosts = names.flatMap((name) => {
    const version = hostPattern.exec(name)?.[1];
    return version === undefined ? [] : [{ name, version }];
  }).sort((a, b) => compareVersions(b.version, a.version));
  return { ...(names.includes(provider) ? { provider } : {}), ...(hosts[0] ? { languageHost: hosts[0].name } : {}) };
}

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function reportedVersion(binary: string): Promise<string> {
  const { stdout } = await run(binary, ["-version"], { timeout: 30_000 });
  return stdout.trim();
}

/**
 * One executable out of an archive to `target`, through a temporary folder and only once it ran and
 * reported an acceptable version: never half a binary, never a wrong one in place.
 */
async function stageOne(archive: string, member: string, target: string, previous: StagedBinary | undefined, say: (line: string) => void, accept: (version: string) => string | undefined): Promise<StagedBinary> {
  const sum = await sha256(archive);
  const pinned = PINNED_ARCHIVES[basename(archive)] === sum;
  if (previous !== undefined && previous.sha256 === sum && previous.binary === target) {
    say(`  ${member}: staged already from ${archive}`);
    return { ...previous, archive };
  }
  await mkdir(dirname(target), { recursive: true });
  const tmp = await mkdtemp(join(dirname(target), ".extract-"));
  try {
    await run("tar", ["-xzf", archive, "-C", tmp, member], { timeout: 5 * 60_000 }).catch((error: unknown) => {
      throw new PluginArchiveError(`could not extract ${member} from ${archive}: ${(error as Error).message.split("\n")[0] ?? ""}`, `check that it is a Pulumi plugin archive for ${pluginPlatform()} (tar -tzf ${archive} lists ${member})`);
    });
    const version = await reportedVersion(join(tmp, member)).catch((error: unknown) => {
      throw new PluginArchiveError(`${member} from ${archive} does not run here: ${(error as Error).message.split("\n")[0] ?? ""}`, `use an archive built for ${pluginPlatform()}`);
    });
    const refusal = accept(version);
    if (refusal !== undefined) throw new PluginArchiveError(`${archive} holds ${member} ${version}`, refusal);
    await rename(join(tmp, member), target);
    say(`  ${member} ${version}: staged from ${archive} (sha256 ${sum}${pinned ? ", the pinned build" : ", not the build pinned in engine/versions.ts"})`);
    return { binary: target, version, archive, sha256: sum, pinned };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Stages what the folder holds into `stagedDir`; returns the manifest written (also read by every run). */
export async function stagePluginArchives(folder: string, say: (line: string) => void, stagedDir = STAGED_DIR): Promise<StagedManifest> {
  const paths = stagedPaths(stagedDir);
  const dir = resolve(folder);
  const names = await readdir(dir).catch(() => undefined);
  if (names === undefined || !(await stat(dir)).isDirectory()) {
    throw new PluginArchiveError(`${PLUGINS_DIR_ENV}=${folder}: no such folder`, `point ${PLUGINS_DIR_ENV} at a folder holding pulumi-resource-azuread-v${AZUREAD_PROVIDER_VERSION}-${pluginPlatform()}.tar.gz and/or pulumi-language-nodejs-v<version>-${pluginPlatform()}.tar.gz, or unset it`);
  }
  const picked = pickArchives(names, pluginPlatform());
  if (picked.provider === undefined && picked.languageHost === undefined) {
    throw new PluginArchiveError(
      `${PLUGINS_DIR_ENV}=${folder}: holds neither pulumi-resource-azuread-v${AZUREAD_PROVIDER_VERSION}-${pluginPlatform()}.tar.gz nor a pulumi-language-nodejs-v<version>-${pluginPlatform()}.tar.gz`,
      `the provider must be ${AZUREAD_PROVIDER_VERSION}, the version @pulumi/azuread in package.json asks for; put the archives there or unset ${PLUGINS_DIR_ENV}`,
    );
  }
  say(`Staging Pulumi plugins from ${dir}`);
  const previous = await readStagedManifest(paths.manifest);
  await mkdir(stagedDir, { recursive: true });
  const manifest: { provider?: StagedBinary; languageHost?: StagedBinary } = { ...previous };
  if (picked.provider !== undefined) {
    manifest.provider = await stageOne(join(dir, picked.provider), "pulumi-resource-azuread", paths.provider, previous.provider, say, (version) =>
      version.replace(/^v/, "") === AZUREAD_PROVIDER_VERSION ? undefined : `use the ${AZUREAD_PROVIDER_VERSION} build, the version @pulumi/azuread in package.json asks for`);
  } else say(`  no pulumi-resource-azuread-v${AZUREAD_PROVIDER_VERSION}-${pluginPlatform()}.tar.gz there: runs keep ${previous.provider ? "the one staged before" : "the substitute provider"}`);
  if (picked.languageHost !== undefined) {
    manifest.languageHost = await stageOne(join(dir, picked.languageHost), "pulumi-language-nodejs", paths.languageHost, previous.languageHost, say, (version) =>
      /^v?3\.\d+\.\d+/.test(version) ? undefined : "use a pulumi-language-nodejs of Pulumi 3 (its -version prints v3.x.y)");
  } else say(`  no pulumi-language-nodejs archive there: runs keep ${previous.languageHost ? "the one staged before" : "the inline runtime"}`);
  await writeFile(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The built CLI finds a bundled plugin beside its own executable: a hard link there (a copy across file systems). */
export async function placeLanguageHostBesideCli(manifest: StagedManifest): Promise<void> {
  const beside = join(PULUMI_BIN_DIR, "pulumi-language-nodejs");
  await rm(beside, { force: true });
  if (manifest.languageHost === undefined) return;
  const host = manifest.languageHost.binary;
  await link(host, beside).catch(async () => {
    await copyFile(host, beside);
    await chmod(beside, 0o755);
  });
}
