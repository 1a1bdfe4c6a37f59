// Stack outputs as the local runner reports them. The program exports the real Microsoft hosts
// (from azuread:environment); locally the workload lives on the emulator, so the runner reports the
// emulator's authority host, Graph endpoint and scope instead, and says so. State keeps the
// program's own values (a StackReference must read what the program exported).

export interface EmulatorEndpoints {
  readonly authorityHost: string;
  readonly graphEndpoint: string;
}

export interface SubstitutedOutputs {
  readonly outputs: Record<string, unknown>;
  /** "authorityHost: https://login.microsoftonline.com → https://127.0.0.1:PORT", one per change. */
  readonly substituted: readonly string[];
}

export function substituteEndpoints(outputs: Readonly<Record<string, unknown>>, endpoints: EmulatorEndpoints): SubstitutedOutputs {
  const result: Record<string, unknown> = { ...outputs };
  const substituted: string[] = [];
  const graph = endpoints.graphEndpoint.replace(/\/+$/, "");
  const replacements: Record<string, string> = {
    authorityHost: endpoints.authorityHost.replace(/\/+$/, ""),
    graphEndpoint: graph,
    scope: `${graph}/.default`,
  };
  for (const [key, value] of Object.entries(replacements)) {
    if (key in result && result[key] !== value) {
      substituted.push(`${key}: ${String(result[key])} → ${value}`);
      result[key] = value;
    }
  }
  return { outputs: result, substituted };
}
