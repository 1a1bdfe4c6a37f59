// The substitute azuread provider's plugin executable: a shell script that runs
// engine/azuread-provider/main.ts on this checkout's Node.js. Each run installs it into its own
// PULUMI_HOME's plugin cache (`pulumi plugin install resource azuread … --file`), which copies it:
// hence absolute paths. Written on demand, so a run needs no build step for it.

import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { SUBSTITUTE_PROVIDER } from "./plugins.ts";
import { REPO_ROOT } from "./pulumi-cli.ts";

export const substituteLauncher = (repoRoot: string): string => `#!/bin/sh
# Substitute azuread provider (engine/azuread-provider of ${repoRoot}), written by engine/substitute-launcher.ts.
node="${repoRoot}/node_modules/.bin/node"
[ -x "$node" ] || node=node
exec "$node" "${repoRoot}/engine/azuread-provider/main.ts" "$@"
`;

export async function ensureSubstituteLauncher(path = SUBSTITUTE_PROVIDER): Promise<string> {
  const text = substituteLauncher(REPO_ROOT);
  if ((await readFile(path, "utf8").catch(() => "")) !== text) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  await chmod(path, 0o755);
  return path;
}
