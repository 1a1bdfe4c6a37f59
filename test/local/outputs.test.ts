import { describe, expect, it } from "vitest";
import { substituteEndpoints } from "../../local/outputs.ts";
import { referencedStack } from "../../local/reads.ts";

describe("substituteEndpoints", () => {
  const emulator = { authorityHost: "https://127.0.0.1:1234", graphEndpoint: "https://127.0.0.1:1234/" };

  it("points authorityHost, graphEndpoint and scope at the emulator and says what it changed", () => {
    const { outputs, substituted } = substituteEndpoints(
      { clientId: "c", authorityHost: "https://login.microsoftonline.com", graphEndpoint: "https://graph.microsoft.com", scope: "https://graph.microsoft.com/.default" },
      emulator,
    );
    expect(outputs).toEqual({ clientId: "c", authorityHost: "https://127.0.0.1:1234", graphEndpoint: "https://127.0.0.1:1234", scope: "https://127.0.0.1:1234/.default" });
    expect(substituted).toHaveLength(3);
    expect(substituted[0]).toContain("https://login.microsoftonline.com");
  });

  it("adds no endpoint the program did not export", () => {
    expect(substituteEndpoints({ clientId: "c" }, emulator)).toEqual({ outputs: { clientId: "c" }, substituted: [] });
  });
});

describe("referencedStack", () => {
  it.each([
    ["dev", "dev"],
    ["graph-workload-identity/dev", "dev"],
    ["organization/graph-workload-identity/prod", "prod"],
    ["organization/other-project/dev", undefined],
    ["a/b/c/d", undefined],
    ["organization//dev", undefined],
  ])("%s → %s", (name, stack) => {
    expect(referencedStack(name, "graph-workload-identity")).toBe(stack);
  });
});
