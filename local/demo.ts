// `npm start`: the whole flow on the local emulator, printed step by step (see demo-flow.ts).
// Uses a LOCAL STAND-IN FOR `pulumi up` over the emulator (local/engine.ts), not a deployment engine.
// Exit 0 when every step passed and the consumer never failed; 1 otherwise; 2 for a usage error.

import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { DEMO_USAGE, parseDemoArgs } from "./demo-args.ts";
import { runDemo } from "./demo-flow.ts";

const args = parseDemoArgs(process.argv.slice(2));
if ("error" in args) {
  console.error(`${args.error}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(DEMO_USAGE);
  process.exit(0);
}

const projectDir = fileURLToPath(new URL("..", import.meta.url));
console.log("graph-workload-identity on the local emulator (local stand-in for `pulumi up`; nothing leaves this machine)\n");
try {
  const result = await runDemo({
    projectDir,
    stack: args.stack,
    stateDir: join(projectDir, ".local-state", "demo"),
    replicationSeconds: args.replicationSeconds,
    print: (line) => console.log(line),
  });
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  const code = (error as { code?: unknown }).code;
  console.error(`\n✗ ${typeof code === "string" ? `${code}: ` : ""}${(error as Error).message}`);
  process.exit(1);
}
