// The verify CLI: a thin shell over the library. With its entry point cli.ts, the only file that
// reads argv, prints and exits; it runs when cli.ts imports it.
// Exit codes: 0 all checks passed, 1 a check failed, 2 usage or input error, 130 interrupted,
// 70 internal error (a bug in verify).
import { readFile } from "node:fs/promises";
import { HELP, parseCliArgs, UsageError, type CliRun } from "./cli-args.ts";
import { loadOutputs, nodeInputIo } from "./cli-inputs.ts";
import { VerifyInputError } from "./errors.ts";
import { createProgressLine } from "./progress-line.ts";
import { renderHuman } from "./render-human.ts";
import { renderJson } from "./render-json.ts";
import type { VerifyOptions } from "./types.ts";
import { verifyWorkload } from "./verify-workload.ts";

const PULUMI_TIMEOUT_MS = 60_000;

async function main(): Promise<number> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`verify: ${err.message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    return await run(command);
  } catch (err) {
    if (!(err instanceof VerifyInputError)) throw err;
    process.stderr.write(`verify: ${err.message}\n`);
    return 2;
  }
}

async function run(cli: CliRun): Promise<number> {
  const loaded = await loadOutputs(cli.source, nodeInputIo(process.env, process.stdin), Math.min(PULUMI_TIMEOUT_MS, cli.timeoutMs));
  const certificatePath = cli.certificatePath ?? loaded.certificatePath;
  let certificatePem: string | undefined;
  if (certificatePath !== undefined) {
    try {
      certificatePem = await readFile(certificatePath, "utf8");
    } catch (err) {
      const code = (err as { code?: string }).code ?? "error";
      throw new VerifyInputError([{ input: cli.certificatePath ? "--certificate" : "AZURE_CLIENT_CERTIFICATE_PATH", problem: `${certificatePath} cannot be read (${code}).`, fix: "Point it at a PEM file with the private key and the certificate." }]);
    }
  }

  const progress = process.stderr.isTTY ? createProgressLine(process.stderr) : undefined;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  const offset = cli.nowAt !== undefined ? cli.nowAt - Date.now() : 0;
  const options: VerifyOptions = {
    timeoutMs: cli.timeoutMs,
    warnDays: cli.warnDays,
    probes: cli.probes,
    signal: controller.signal,
    ...(cli.permissions ? { permissions: cli.permissions } : {}),
    ...(cli.authorityHost ? { authorityHost: cli.authorityHost } : {}),
    ...(cli.graphEndpoint ? { graphEndpoint: cli.graphEndpoint } : {}),
    ...(cli.requestTimeoutMs !== undefined ? { requestTimeoutMs: cli.requestTimeoutMs } : {}),
    ...(cli.replicationWindowMs !== undefined ? { replicationWindowMs: cli.replicationWindowMs } : {}),
    ...(cli.deployedAt !== undefined ? { deployedAt: cli.deployedAt } : {}),
    ...(offset !== 0 ? { now: () => Date.now() + offset } : {}),
    ...(certificatePem !== undefined ? { certificatePem } : {}),
    ...(progress ? { onProgress: progress.onProgress } : {}),
  };
  try {
    const report = await verifyWorkload(loaded.outputs, options);
    progress?.clear();
    process.stdout.write(cli.json ? renderJson(report) : renderHuman(report));
    if (controller.signal.aborted) return 130;
    return report.ok ? 0 : 1;
  } finally {
    progress?.clear();
    process.off("SIGINT", onSigint);
  }
}

main().then(
  (code) => {
    // Exit once stdout has drained, so that a piped report is never cut short.
    process.stdout.write("", () => process.exit(code));
  },
  (err: unknown) => {
    // Library errors are already scrubbed of credentials (redact.ts).
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`verify: internal error (a bug, please report it):\n${text}\n`);
    process.exit(70);
  },
);
