// `npm run pulumi:build`: the Pulumi CLI built from the Go module proxy into a cache outside the
// repository and linked into .pulumi-bin/; with GRAPH_WORKLOAD_IDENTITY_PLUGINS naming a folder of
// plugin archives, the real azuread provider and Node.js language host staged from it (see
// plugin-archives.ts). Idempotent: a cached binary of the pinned version is linked again in a second.
//
// With a `pulumi` already on PATH (Pulumi's installer), no CLI is built: that CLI and its own plugins
// are used (pass --from-source to build anyway); plugin archives are still staged when named.

import { execFile, spawn } from "node:child_process";
import { copyFile, link, mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { placeLanguageHostBesideCli, PluginArchiveError, stagePluginArchives } from "./plugin-archives.ts";
import { readStagedManifest } from "./plugins.ts";
import { buildDir, cliVersion, findPulumiOnPath, PULUMI_BIN_DIR, REPO_ROOT } from "./pulumi-cli.ts";
import { ensureSubstituteLauncher } from "./substitute-launcher.ts";
import { CLI_MODULES, PLUGINS_DIR_ENV, PULUMI_CLI_VERSION } from "./versions.ts";

const run = promisify(execFile);
const MINUTE = 60_000;

class BuildError extends Error {
  readonly fix: string;
  constructor(problem: string, fix: string) {
    super(problem);
    this.fix = fix;
  }
}

const say = (line: string): void => void process.stderr.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function goVersion(): Promise<string> {
  try {
    const { stdout } = await run("go", ["env", "GOVERSION"], { timeout: MINUTE });
    return stdout.trim();
  } catch {
    throw new BuildError(
      "Go is not installed (no `go` on PATH): the Pulumi CLI is built from source with Go 1.26 or newer",
      "install Go 1.26+ (https://go.dev/dl/), or install Pulumi itself (https://www.pulumi.com/docs/install/) and use that; then run `npm run pulumi:build` again",
    );
  }
}

/** Step 0: ask the proxy for a module; undefined when served, else the proxy's answer. */
async function refusal(module: string): Promise<string | undefined> {
  try {
    await run("go", ["mod", "download", "-json", module], { timeout: 10 * MINUTE, cwd: REPO_ROOT, env: { ...process.env, GOFLAGS: "-mod=mod" } });
    return undefined;
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? "");
    const match = /"Error":\s*"((?:[^"\\]|\\.)*)"/.exec(out);
    return (match?.[1] ?? (error as Error).message).replace(/\\n\\t/g, " ").replace(/\\"/g, '"');
  }
}

/** `go build -v` prints each package as it compiles it: a progress line every 15 s from that count. */
async function goBuild(dir: string, output: string): Promise<void> {
  const args = [
    "build", "-v", "-mod=readonly", "-trimpath",
    "-ldflags", `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_CLI_VERSION}`,
    "-o", output, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
  ];
  const started = Date.now();
  let packages = 0;
  let tail = "";
  const child = spawn("go", args, { cwd: dir, env: { ...process.env, CGO_ENABLED: "0" }, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    packages += chunk.split("\n").filter((line) => /^[\w.-]+(\/[\w.~-]+)*$/.test(line.trim()) && line.trim() !== "").length;
    tail = (tail + chunk).slice(-4000);
  });
  const ticker = setInterval(() => say(`  … ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)} s`), 15_000);
  // A cold build takes minutes on 2 cores; an hour means something is stuck (a module download).
  const killer = setTimeout(() => child.kill("SIGTERM"), 60 * MINUTE);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(ticker);
  clearTimeout(killer);
  if (code !== 0) {
    throw new BuildError(`go build of the Pulumi CLI failed (exit ${code}):\n${tail.trim()}`, "read Go's message above; a module the proxy refuses is named there");
  }
}

async function buildCli(): Promise<string> {
  const dir = buildDir();
  const binary = join(dir, "bin", "pulumi");
  if ((await cliVersion(binary)) === `v${PULUMI_CLI_VERSION}`) {
    say(`pulumi v${PULUMI_CLI_VERSION}: cached at ${binary}`);
    return binary;
  }
  say(`Building the Pulumi CLI v${PULUMI_CLI_VERSION} from the Go module proxy (${await goVersion()}) into ${dir}`);
  say("  a first build takes several minutes on 2 cores; later runs reuse it");
  for (const module of CLI_MODULES) {
    const refused = await refusal(module);
    if (refused !== undefined) {
      throw new BuildError(`the Go module proxy refused ${module}: ${refused}`, "check GOPROXY (go env GOPROXY) and the network; or install Pulumi itself and run again");
    }
    say(`  proxy serves ${module}`);
  }
  await mkdir(join(dir, "bin"), { recursive: true });
  // The wrapper module (go.mod, go.sum, tools.go) is the main module, so its replace lines apply.
  for (const file of ["go.mod", "go.sum", "tools.go"]) await copyFile(join(REPO_ROOT, "engine", "go", file), join(dir, file));
  const started = Date.now();
  const partial = `${binary}.partial`;
  await goBuild(dir, partial);
  await rename(partial, binary);
  say(`  built in ${seconds(Date.now() - started)}`);
  return binary;
}

async function linkBinaries(cli: string): Promise<void> {
  await mkdir(PULUMI_BIN_DIR, { recursive: true });
  // A hard link (a copy across file systems), not a symlink: the CLI looks for plugins beside its
  // resolved executable, and the substitute provider's launcher belongs to this checkout.
  const target = join(PULUMI_BIN_DIR, "pulumi");
  await rm(target, { force: true });
  await link(cli, target).catch(() => copyFile(cli, target));
  say(`linked ${target} → ${cli}`);
}

/** The real plugins from GRAPH_WORKLOAD_IDENTITY_PLUGINS when it is set; what is staged either way. */
async function stagePlugins(builtCli: boolean): Promise<void> {
  const folder = process.env[PLUGINS_DIR_ENV];
  const manifest = folder ? await stagePluginArchives(folder, say) : await readStagedManifest();
  if (!folder) say(`${PLUGINS_DIR_ENV} is not set: no plugin archives to stage${manifest.provider || manifest.languageHost ? " (runs keep what an earlier build staged)" : ""}`);
  if (builtCli) await placeLanguageHostBesideCli(manifest);
  await ensureSubstituteLauncher();
}

async function main(): Promise<void> {
  const started = Date.now();
  const fromSource = process.argv.includes("--from-source");
  const onPath = await findPulumiOnPath();
  if (onPath !== undefined && !fromSource) {
    say(`pulumi ${onPath.version} is on PATH (${onPath.path}): npm start and the engine tests use it and its plugins; nothing to build.`);
    say("Run `npm run pulumi:build -- --from-source` to build and use the pinned CLI instead.");
    await stagePlugins(false);
    return;
  }
  const cli = await buildCli();
  await linkBinaries(cli);
  await stagePlugins(true);
  say(`done in ${seconds(Date.now() - started)}`);
}

main().catch((error: unknown) => {
  if (error instanceof BuildError || error instanceof PluginArchiveError) {
    say(`pulumi:build: ${error.message}\nFix: ${error.fix}`);
    process.exit(1);
  }
  say(`pulumi:build: unexpected failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(70);
});
