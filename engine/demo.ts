// `npm start`: the whole flow on the real Pulumi engine against the local emulator, printed step by
// step with Pulumi's own output (see demo-flow.ts). Builds the Pulumi CLI first when it is missing.
// Exit 0 when every step passed and the consumer never failed; 1 otherwise; 2 for a usage error.
//
// Node.js reads NODE_EXTRA_CA_CERTS only when it starts, and the program, verify and the consumer
// run in this process: so it makes the emulator's CA first and runs itself again trusting it.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DEMO_USAGE, parseDemoArgs } from "./demo-args.ts";
import { emulatorTrustFiles, readEmulatorTls, writeEmulatorTls } from "./emulator-tls.ts";
import { describePlugins, resolvePlugins } from "./plugins.ts";
import { locatePulumi, PulumiMissingError, REPO_ROOT, type PulumiCli } from "./pulumi-cli.ts";

const RUN_DIR = join(REPO_ROOT, ".pulumi-state", "demo");
const TLS_DIR = join(RUN_DIR, "..", "demo-tls");
const CHILD_FLAG = "GRAPH_WORKLOAD_IDENTITY_DEMO_CHILD";

const args = parseDemoArgs(process.argv.slice(2));
if ("error" in args) {
  console.error(`${args.error}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(DEMO_USAGE);
  process.exit(0);
}

async function pulumiOrBuild(): Promise<PulumiCli> {
  try {
    return await locatePulumi();
  } catch (error) {
    if (!(error instanceof PulumiMissingError)) throw error;
    console.log("No Pulumi CLI yet: building it from source with Go first (npm run pulumi:build; about 5 minutes the first time on 2 cores)…\n");
    const built = spawnSync(process.execPath, [join(REPO_ROOT, "engine", "build.ts")], { stdio: "inherit" });
    if (built.status !== 0) process.exit(1);
    console.log("");
    return locatePulumi();
  }
}

if (process.env[CHILD_FLAG] !== "1") {
  await pulumiOrBuild();
  const { caFile } = await writeEmulatorTls(TLS_DIR);
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, [CHILD_FLAG]: "1", NODE_EXTRA_CA_CERTS: caFile },
  });
  process.exit(child.status ?? 1);
}

const { runDemo } = await import("./demo-flow.ts");
const cli = await locatePulumi();
const plugins = await resolvePlugins(cli);
console.log("graph-workload-identity: the real Pulumi engine against the local emulator (nothing leaves this machine)");
for (const line of describePlugins(plugins)) console.log(line);
console.log("");
try {
  const result = await runDemo({
    engine: { cli, plugins },
    trust: emulatorTrustFiles(TLS_DIR),
    stack: args.stack,
    runDir: RUN_DIR,
    tls: await readEmulatorTls(TLS_DIR),
    replicationSeconds: args.replicationSeconds,
    print: (line) => console.log(line),
    pulumiOutput: (chunk) => process.stdout.write(chunk.replace(/^(?=.)/gm, "      │ ")),
  });
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  const code = (error as { code?: unknown }).code;
  console.error(`\n✗ ${typeof code === "string" ? `${code}: ` : ""}${(error as Error).message}`);
  process.exit(1);
}
