// `pulumi stack output --json --show-secrets` for the local stand-in: the last committed outputs of
// a stack, with the emulator's endpoints substituted. What a consumer polls for the current secret.

import { substituteEndpoints, type EmulatorEndpoints } from "./outputs.ts";
import { loadState } from "./state.ts";

export async function readStackOutputs(stateDir: string, stack: string, endpoints: EmulatorEndpoints): Promise<Record<string, unknown> | undefined> {
  const state = await loadState(stateDir, stack);
  if (state?.outputs === null || state?.outputs === undefined) return undefined;
  return substituteEndpoints(state.outputs, endpoints).outputs;
}
