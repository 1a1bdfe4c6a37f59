// Staging plugin archives from a folder: what lands where, what is refused (and leaves nothing), and
// that a second run extracts nothing again. Small stand-in archives that answer `-version` as the
// real binaries do.

import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PluginArchiveError, pluginPlatform, stagePluginArchives } from "../../engine/plugin-archives.ts";
import { readStagedManifest, stagedPaths } from "../../engine/plugins.ts";

let root: string;
let folder: string;
let staged: string;
const lines: string[] = [];
const say = (line: string) => void lines.push(line);

async function archive(name: string, member: string, version: string): Promise<void> {
  const src = await mkdtemp(join(root, "src-"));
  await writeFile(join(src, member), `#!/bin/sh\n[ "$1" = -version ] && echo ${version}\n`);
  await chmod(join(src, member), 0o755);
  await writeFile(join(src, "LICENSE"), "Apache-2.0");
  execFileSync("tar", ["-czf", join(folder, name), "-C", src, member, "LICENSE"]);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "plugin-archives-"));
  folder = join(root, "archives");
  staged = join(root, "staged");
  await mkdir(folder);
  lines.length = 0;
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("staging plugin archives", () => {
  it("extracts the provider and the language host, records where they came from, and skips them the second time", async () => {
    await archive(`pulumi-resource-azuread-v6.9.1-${pluginPlatform()}.tar.gz`, "pulumi-resource-azuread", "6.9.1");
    await archive(`pulumi-language-nodejs-v3.259.0-${pluginPlatform()}.tar.gz`, "pulumi-language-nodejs", "v3.259.0");
    const manifest = await stagePluginArchives(folder, say, staged);
    const paths = stagedPaths(staged);
    expect(manifest.provider).toMatchObject({ binary: paths.provider, version: "6.9.1", pinned: false, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(manifest.languageHost).toMatchObject({ binary: paths.languageHost, version: "v3.259.0" });
    expect(execFileSync(paths.provider, ["-version"], { encoding: "utf8" }).trim()).toBe("6.9.1");
    await expect(readStagedManifest(paths.manifest)).resolves.toEqual(manifest);
    const before = (await stat(paths.provider)).mtimeMs;
    lines.length = 0;
    await stagePluginArchives(folder, say, staged);
    expect(lines.filter((line) => line.includes("staged already"))).toHaveLength(2);
    expect((await stat(paths.provider)).mtimeMs).toBe(before);
  });

  it("refuses a provider of another version than the SDK asks for, and stages nothing of it", async () => {
    await archive(`pulumi-resource-azuread-v6.9.1-${pluginPlatform()}.tar.gz`, "pulumi-resource-azuread", "6.8.0");
    const error = await stagePluginArchives(folder, say, staged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginArchiveError);
    expect((error as PluginArchiveError).message).toContain("holds pulumi-resource-azuread 6.8.0");
    expect((error as PluginArchiveError).fix).toContain("6.9.1");
    await expect(stat(stagedPaths(staged).provider)).rejects.toThrow();
    await expect(readFile(stagedPaths(staged).manifest, "utf8")).rejects.toThrow();
  });

  it.each([
    ["a folder that does not exist", "missing", "no such folder"],
    ["a folder without any plugin archive", "", "holds neither"],
  ])("names the variable and the fix for %s", async (_case, sub, problem) => {
    const error = await stagePluginArchives(join(folder, sub), say, staged).catch((e: unknown) => e);
    expect((error as PluginArchiveError).message).toContain("GRAPH_WORKLOAD_IDENTITY_PLUGINS=");
    expect((error as PluginArchiveError).message).toContain(problem);
    expect((error as PluginArchiveError).fix).toContain("GRAPH_WORKLOAD_IDENTITY_PLUGINS");
  });
});
