// The step runner with the real providers and a recording stand-in for Graph: which calls each
// decision makes, in which order, and what the checkpoint remembers.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Checkpoint } from "../../local/checkpoint.ts";
import type { GraphClient } from "../../local/graph.ts";
import type { RegisterRequest } from "../../local/protocol.ts";
import { emptyState } from "../../local/state.ts";
import { StepRunner, type StepRecord } from "../../local/steps.ts";

const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const APP = "azuread:index/application:Application";
const APP_ID = "/applications/11111111-1111-4111-8111-111111111111";

let dir: string;
let calls: string[];
let keys: number;
let notices: string[];
let steps: StepRecord[];
/** Every checkpoint of a test: its queued writes must land before the folder is removed. */
let checkpoints: Checkpoint[];

const graph = {
  endpoint: "https://graph.test",
  async call(method: string, path: string) {
    calls.push(`${method} ${path.split("?")[0]}`);
    if (path.endsWith("/addPassword")) {
      keys += 1;
      return { keyId: `key-${keys}`, secretText: `s-${keys}`, startDateTime: "2026-01-01T00:00:00.000Z", endDateTime: "2027-01-01T00:00:00.000Z" };
    }
    if (method === "GET") return { passwordCredentials: Array.from({ length: keys }, (_, i) => ({ keyId: `key-${i + 1}` })) };
    if (method === "POST" && path === "/v1.0/applications") return { id: "app-object", appId: "app-client" };
    return undefined;
  },
  async remove(method: string, path: string) {
    calls.push(`${method} ${path}`);
    return "deleted" as const;
  },
} as unknown as GraphClient;

function request(overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  return {
    urn: "urn:pulumi:dev::p::azuread:index/applicationPassword:ApplicationPassword::secret",
    type: PASSWORD,
    name: "secret",
    custom: true,
    parent: "",
    inputs: { applicationId: APP_ID, endDate: "2027-01-01T00:00:00Z" },
    dependencies: [],
    deleteBeforeReplace: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    retainOnDelete: false,
    aliases: [],
    hooks: {},
    importId: "",
    ...overrides,
  };
}

function runner(checkpoint: Checkpoint, hook?: () => Promise<void>): StepRunner {
  checkpoints.push(checkpoint);
  return new StepRunner(checkpoint, { graph, notice: (m) => notices.push(m) }, (s) => steps.push(s), async (phase, names) => {
    calls.push(`hook ${phase} ${names.join(",")}`);
    await hook?.();
  });
}

/** A checkpoint whose state already holds what `first` created. */
async function afterFirstRun(first: RegisterRequest): Promise<Checkpoint> {
  const checkpoint = new Checkpoint(dir, emptyState("p", "dev", { authorityHost: "h", tenantId: "t" }));
  const r = runner(checkpoint);
  await r.register(first);
  await checkpoint.flush();
  calls = [];
  steps = [];
  return new Checkpoint(dir, { ...emptyState("p", "dev", { authorityHost: "h", tenantId: "t" }), resources: checkpoint.resources });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "local-steps-"));
  calls = [];
  keys = 0;
  notices = [];
  steps = [];
  checkpoints = [];
});
afterEach(async () => {
  await Promise.allSettled(checkpoints.map((c) => c.flush()));
  await rm(dir, { recursive: true, force: true });
});

describe("StepRunner", () => {
  it("makes no Graph call for an unchanged resource", async () => {
    const checkpoint = await afterFirstRun(request());
    const reply = await runner(checkpoint).register(request());
    expect(calls).toEqual([]);
    expect(reply.state).toMatchObject({ keyId: "key-1", value: "s-1" });
    expect(steps.map((s) => s.op)).toEqual(["same"]);
  });

  it("replaces a password by creating the new one now and deleting the old one at the end", async () => {
    const checkpoint = await afterFirstRun(request());
    const r = runner(checkpoint);
    await r.register(request({ inputs: { applicationId: APP_ID, endDate: "2028-01-01T00:00:00Z" } }));
    expect(calls).toEqual([`POST ${APP_ID.replace("/applications", "/v1.0/applications")}/addPassword`]);
    const leftovers = r.leftovers();
    expect(leftovers.map((e) => [e.id, e.pendingDelete])).toEqual([[`${APP_ID}/password/key-1`, true]]);
    await r.deleteAll(leftovers);
    expect(calls.slice(1)).toEqual([`GET ${APP_ID.replace("/applications", "/v1.0/applications")}`, `POST /v1.0/applications/11111111-1111-4111-8111-111111111111/removePassword`]);
    expect(checkpoint.resources.map((e) => e.id)).toEqual([`${APP_ID}/password/key-2`]);
  });

  it("deletes first with deleteBeforeReplace", async () => {
    const checkpoint = await afterFirstRun(request());
    await runner(checkpoint).register(request({ deleteBeforeReplace: true, inputs: { applicationId: APP_ID, endDate: "2028-01-01T00:00:00Z" } }));
    expect(calls.map((c) => c.split(" ")[1]?.split("/").pop())).toEqual(["11111111-1111-4111-8111-111111111111", "removePassword", "addPassword"]);
  });

  it("updates an application in place with only the changed properties", async () => {
    const app = request({ type: APP, urn: "urn:app", name: "app", inputs: { displayName: "a", notes: "n" } });
    const checkpoint = await afterFirstRun(app);
    const calledWith: unknown[] = [];
    const spy = { ...graph, endpoint: graph.endpoint, call: async (m: string, p: string, b?: unknown) => (calledWith.push([m, p, b]), undefined) } as unknown as GraphClient;
    checkpoints.push(checkpoint);
    await new StepRunner(checkpoint, { graph: spy, notice: () => undefined }, () => undefined).register({ ...app, inputs: { displayName: "b", notes: "n" } });
    expect(calledWith).toEqual([["PATCH", "/v1.0/applications/app-object", { displayName: "b" }]]);
  });

  it("runs a resource's before hook before creating it, and creates nothing when the hook fails", async () => {
    const checkpoint = new Checkpoint(dir, emptyState("p", "dev", { authorityHost: "h", tenantId: "t" }));
    const hooked = request({ hooks: { beforeCreate: ["verify"] } });
    await runner(checkpoint).register(hooked);
    expect(calls[0]).toBe("hook beforeCreate verify");
    expect(calls[1]).toMatch(/addPassword$/);

    calls = [];
    const failing = new Checkpoint(dir, emptyState("p", "dev2", { authorityHost: "h", tenantId: "t" }));
    const r = runner(failing, async () => {
      throw Object.assign(new Error("verify failed"), { code: "VERIFY_FAILED" });
    });
    await expect(r.register(hooked)).rejects.toMatchObject({ code: "VERIFY_FAILED" });
    expect(calls).toEqual(["hook beforeCreate verify"]);
    expect(failing.resources).toEqual([]);
    expect(r.failures).toHaveLength(1);
  });

  it("leaves a retainOnDelete resource in the tenant and says so", async () => {
    const checkpoint = await afterFirstRun(request({ retainOnDelete: true }));
    const r = runner(checkpoint);
    await r.deleteAll(checkpoint.resources);
    expect(calls).toEqual([]);
    expect(notices[0]).toContain("retainOnDelete");
    expect(checkpoint.resources).toEqual([]);
  });

  it.each([
    [{ type: "azure-native:keyvault:Secret" }, "NOT_EMULATED"],
    [{ type: "azuread:index/group:Group" }, "NOT_EMULATED"],
    [{ inputs: { applicationId: APP_ID, endDateRelative: "240h" } }, "UNSUPPORTED_INPUT"],
    [{ importId: "/applications/x" }, "UNSUPPORTED_OPTION"],
  ])("refuses %j (%s) without calling Graph", async (overrides, code) => {
    const checkpoint = new Checkpoint(dir, emptyState("p", "dev", { authorityHost: "h", tenantId: "t" }));
    await expect(runner(checkpoint).register(request(overrides))).rejects.toMatchObject({ code });
    expect(calls).toEqual([]);
  });
});
