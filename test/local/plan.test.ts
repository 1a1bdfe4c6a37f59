import { describe, expect, it } from "vitest";
import { applyIgnoreChanges, canonical, changedKeys, decide, deletionOrder, findPrevious } from "../../local/plan.ts";
import type { RegisterRequest } from "../../local/protocol.ts";
import type { ResourceEntry } from "../../local/state.ts";

const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const APP = "azuread:index/application:Application";

function request(overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  return {
    urn: "urn:pulumi:dev::p::t::r",
    type: APP,
    name: "r",
    custom: true,
    parent: "",
    inputs: { displayName: "a" },
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

function entry(urn: string, overrides: Partial<ResourceEntry> = {}): ResourceEntry {
  return {
    urn,
    type: APP,
    name: urn.split("::").pop() ?? urn,
    custom: true,
    parent: "",
    id: `id-${urn}`,
    inputs: { displayName: "a" },
    outputs: {},
    dependencies: [],
    deleteBeforeReplace: false,
    retainOnDelete: false,
    ...overrides,
  };
}

describe("canonical / changedKeys", () => {
  it("treats objects with the same entries in another order as equal", () => {
    expect(canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(canonical({ a: [1, { c: 3, d: 2 }], b: 1 }));
  });

  it("treats a missing key and an undefined value as equal, and list order as significant", () => {
    expect(changedKeys({ a: 1 }, { a: 1, b: undefined })).toEqual([]);
    expect(changedKeys({ tags: ["x", "y"] }, { tags: ["y", "x"] })).toEqual(["tags"]);
  });

  it("names every key that differs, sorted", () => {
    expect(changedKeys({ a: 1, b: 2, c: 3 }, { a: 1, b: 3, d: 4 })).toEqual(["b", "c", "d"]);
  });
});

describe("decide", () => {
  it("creates what the state does not have", () => {
    expect(decide(undefined, request(), { replaceOn: [] }).kind).toBe("create");
  });

  it("does nothing when the inputs are unchanged", () => {
    expect(decide(entry("urn:pulumi:dev::p::t::r"), request(), { replaceOn: [] })).toMatchObject({ kind: "same", changed: [] });
  });

  it("updates in place when the provider can", () => {
    expect(decide(entry("u"), request({ inputs: { displayName: "b" } }), { replaceOn: ["clientId"] })).toMatchObject({ kind: "update", changed: ["displayName"] });
  });

  it.each([
    ["a force-new property of the provider", { replaceOn: ["displayName"] }, {}],
    ["an immutable type", { replaceOn: "all" as const }, {}],
    ["replaceOnChanges", { replaceOn: [] }, { replaceOnChanges: ["displayName"] }],
    ["replaceOnChanges *", { replaceOn: [] }, { replaceOnChanges: ["*"] }],
  ])("replaces on a change of %s", (_, rules, options) => {
    expect(decide(entry("u"), request({ inputs: { displayName: "b" }, ...options }), rules).kind).toBe("replace");
  });

  it("keeps ignored inputs from the last state, so ignoreChanges: ['*'] never replaces", () => {
    const previous = entry("u", { type: PASSWORD, inputs: { endDate: "2026-01-01T00:00:00Z", displayName: "old" } });
    const decision = decide(previous, request({ type: PASSWORD, inputs: { endDate: "2027-01-01T00:00:00Z", displayName: "new" }, ignoreChanges: ["*"] }), { replaceOn: "all" });
    expect(decision).toMatchObject({ kind: "same", inputs: previous.inputs });
  });

  it("treats a component as unchanged whatever its inputs", () => {
    expect(decide(entry("u", { custom: false }), request({ custom: false, inputs: { x: 1 } }), { replaceOn: "all" }).kind).toBe("same");
  });
});

describe("applyIgnoreChanges", () => {
  it("keeps the old top-level value for a nested path and drops a key that was absent", () => {
    expect(applyIgnoreChanges({ a: { b: 1 }, c: 1 }, { a: { b: 2 }, c: 2, d: 3 }, ["a.b", "d"])).toEqual({ a: { b: 1 }, c: 2 });
  });
});

describe("findPrevious", () => {
  it("finds the entry by URN or by alias, never a copy waiting to be deleted", () => {
    const pending = entry("urn:a", { pendingDelete: true });
    const live = entry("urn:old-name");
    expect(findPrevious([pending], { urn: "urn:a", aliases: [], type: APP })).toBeUndefined();
    expect(findPrevious([pending, live], { urn: "urn:new-name", aliases: ["urn:old-name"], type: APP })).toBe(live);
  });

  it("ignores an entry of another type under the same URN", () => {
    expect(findPrevious([entry("urn:a")], { urn: "urn:a", aliases: [], type: PASSWORD })).toBeUndefined();
  });
});

describe("deletionOrder", () => {
  it("deletes dependents before what they depend on", () => {
    const app = entry("app");
    const sp = entry("sp", { dependencies: ["app"] });
    const password = entry("password", { dependencies: ["app"] });
    const grant = entry("grant", { dependencies: ["sp"] });
    const order = deletionOrder([app, sp, password, grant]).map((e) => e.urn);
    expect(order.indexOf("grant")).toBeLessThan(order.indexOf("sp"));
    expect(order.indexOf("sp")).toBeLessThan(order.indexOf("app"));
    expect(order.indexOf("password")).toBeLessThan(order.indexOf("app"));
    expect(order).toHaveLength(4);
  });

  it("deletes children before their parent component", () => {
    const component = entry("component", { custom: false });
    const child = entry("child", { parent: "component" });
    expect(deletionOrder([component, child]).map((e) => e.urn)).toEqual(["child", "component"]);
  });

  it("keeps reverse registration order between independent resources", () => {
    expect(deletionOrder([entry("a"), entry("b"), entry("c")]).map((e) => e.urn)).toEqual(["c", "b", "a"]);
  });

  it("orders a replaced copy and unrelated leftovers without losing either", () => {
    const oldPassword = entry("password", { id: "old", pendingDelete: true, dependencies: ["app"] });
    const app = entry("app");
    expect(deletionOrder([app, oldPassword])).toEqual([oldPassword, app]);
  });
});
