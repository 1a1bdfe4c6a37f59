import { describe, expect, it } from "vitest";
import { parseDemoArgs } from "../../engine/demo-args.ts";

describe("parseDemoArgs", () => {
  it("defaults to stack dev without replication delays", () => {
    expect(parseDemoArgs([])).toEqual({ replicationSeconds: 0, stack: "dev", help: false });
  });

  it.each([
    [["--replication", "20"], 20],
    [["--replication=7.5"], 7.5],
  ])("reads %j", (argv, seconds) => {
    expect(parseDemoArgs(argv)).toMatchObject({ replicationSeconds: seconds });
  });

  it.each([[["--replication"]], [["--replication", "-1"]], [["--replication", "abc"]], [["--replication", "121"]], [["--stack", "../x"]], [["--bogus"]]])(
    "refuses %j",
    (argv) => {
      expect(parseDemoArgs(argv)).toHaveProperty("error");
    },
  );
});
