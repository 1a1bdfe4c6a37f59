// `pulumi:index:Stash`, a resource built into the Pulumi engine (no cloud call): `output` keeps the
// value of `input` from when the stash was created; `input` follows the latest value.

import { randomUUID } from "node:crypto";
import type { ResourceProvider } from "./types.ts";

export const stash: ResourceProvider = {
  type: "pulumi:index:Stash",
  rules: { replaceOn: [] },
  inputs: ["input"],
  async create(inputs) {
    return { id: randomUUID(), outputs: { input: inputs["input"], output: inputs["input"] } };
  },
  async update(previous, inputs) {
    return { input: inputs["input"], output: previous.outputs["output"] };
  },
  async delete() {
    return "deleted";
  },
};
