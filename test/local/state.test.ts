import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Checkpoint } from "../../local/checkpoint.ts";
import { openState, type RunnerOptions } from "../../local/engine.ts";
import { emptyState, loadState, saveState, stateFile } from "../../local/state.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "local-state-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const target = { authorityHost: "https://127.0.0.1:1", tenantId: "t" };

describe("state file", () => {
  it("is readable by its owner only (it holds the client secret)", async () => {
    await saveState(join(dir, "nested"), emptyState("p", "dev", target));
    expect((await stat(stateFile(join(dir, "nested"), "dev"))).mode & 0o777).toBe(0o600);
  });

  it("round-trips, and a stack without a file has no state", async () => {
    const state = { ...emptyState("p", "dev", target), outputs: { a: 1 } };
    await saveState(dir, state);
    expect(await loadState(dir, "dev")).toEqual(state);
    expect(await loadState(dir, "other")).toBeUndefined();
  });

  it("refuses a file it did not write", async () => {
    await writeFile(join(dir, "dev.json"), "{}");
    await expect(loadState(dir, "dev")).rejects.toMatchObject({ code: "STATE_UNREADABLE" });
  });

  it("refuses a stack name that is a path", () => {
    expect(() => stateFile(dir, "../x")).toThrow(expect.objectContaining({ code: "INVALID_STACK" }));
  });
});

describe("Checkpoint", () => {
  it("writes every step, and outputs only on commit", async () => {
    const checkpoint = new Checkpoint(dir, emptyState("p", "dev", target));
    const entry = { urn: "u", type: "t", name: "n", custom: true, parent: "", id: "i", inputs: {}, outputs: {}, dependencies: [], deleteBeforeReplace: false, retainOnDelete: false };
    checkpoint.add(entry);
    await checkpoint.flush();
    expect((await loadState(dir, "dev"))?.resources).toHaveLength(1);
    expect((await loadState(dir, "dev"))?.outputs).toBeNull();
    checkpoint.swap(entry, { ...entry, id: "j" });
    checkpoint.commit({ clientId: "c" }, []);
    await checkpoint.flush();
    const saved = await loadState(dir, "dev");
    expect(saved?.resources.map((r) => r.id)).toEqual(["j"]);
    expect(saved?.outputs).toEqual({ clientId: "c" });
    expect(JSON.parse(await readFile(join(dir, "dev.json"), "utf8"))).toHaveProperty("notice");
  });
});

describe("openState", () => {
  const options = (authorityHost: string): RunnerOptions =>
    ({ stateDir: dir, stack: "dev", target: { authorityHost, deployer: { tenantId: "t" } } }) as unknown as RunnerOptions;

  it("starts empty for a new stack and refuses state that belongs to another emulator", async () => {
    expect((await openState(options("https://127.0.0.1:1"), "p")).resources).toEqual([]);
    await saveState(dir, emptyState("p", "dev", target));
    await expect(openState(options("https://127.0.0.1:1"), "p")).resolves.toMatchObject({ target });
    await expect(openState(options("https://127.0.0.1:2"), "p")).rejects.toMatchObject({ code: "STATE_TARGET_MISMATCH" });
  });
});
