// The verify CLI: a thin shell over the library. With its entry point cli.ts, the only file that
// reads argv, prints and exits; it runs when cli.ts imports it. Exit codes: EXIT_CODES in cli-args.ts.
// One deadline (--timeout) covers the whole run, reading the inputs included; with --json, stdout
// carries exactly one JSON document whatever happens.
import { readFile } from "node:fs/promises";
import { EXIT_CODES, HELP, parseCliArgs, UsageError, type CliRun } from "./cli-args.ts";
import { chooseCredential, loadOutputs, nodeInputIo, type LoadedInputs } from "./cli-inputs.ts";
import { exitCodeFor, handleStopSignals, type StopControl, type StopSignal } from "./cli-signals.ts";
import { VerifyInputError } from "./errors.ts";
import { createProgressReporter } from "./progress-reporter.ts";
import { renderHuman } from "./render-human.ts";
import { errorDocument, renderJson, renderJsonError } from "./render-json.ts";
import type { VerifyOptions } from "./types.ts";

const PULUMI_TIMEOUT_MS = 60_000;
const argv = process.argv.slice(2);
// Known before the arguments are parsed, so that even a usage error answers in JSON.
const json = argv.includes("--json");

// Set by whoever ends the process (the run, or a forced stop), so that stdout gets one document.
let ending = false;

function exit(code: number): void {
  ending = true;
  // Exit once stdout has drained, so that a piped report is never cut short.
  process.stdout.write("", () => process.exit(code));
}

/** A run that produced no report: the message on stderr, and the error document on stdout with --json. */
function noReport(code: string, exitCode: number, message: string, problems?: VerifyInputError["problems"]): number {
  process.stderr.write(`verify: ${message}\n`);
  if (json) process.stdout.write(renderJsonError(errorDocument(code, exitCode, message, problems)));
  return exitCode;
}

async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { name?: string; version?: string };
  return `graph-verify ${pkg.version ?? "unknown"} (${pkg.name ?? "graph-workload-identity"})\n`;
}

async function main(stop: StopControl): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return noReport("ERR_USAGE", EXIT_CODES.usage, `${err.message}\nRun with --help for usage.`);
  }
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return EXIT_CODES.passed;
  }
  if (command.kind === "version") {
    process.stdout.write(await version());
    return EXIT_CODES.passed;
  }
  // performance.now() counts from the start of the process: the deadline covers Node's start-up too.
  const remainingMs = () => command.timeoutMs - performance.now();
  let loaded: Inputs;
  try {
    loaded = await loadInputs(command, remainingMs, stop.signal);
  } catch (err) {
    const signal = stop.received();
    if (signal !== undefined) return noReport("ERR_ABORTED", exitCodeFor(signal), `interrupted by ${signal} while reading the inputs; nothing was checked.`);
    if (!(err instanceof VerifyInputError)) throw err;
    return noReport("ERR_VERIFY_INPUT", EXIT_CODES.usage, err.message, err.problems);
  }
  try {
    return await run(command, loaded, remainingMs, stop);
  } catch (err) {
    if (!(err instanceof VerifyInputError)) throw err;
    return noReport("ERR_VERIFY_INPUT", EXIT_CODES.usage, err.message, err.problems);
  }
}

type Inputs = LoadedInputs & { certificatePem?: string; federatedTokenFile?: string; githubOidc?: { requestUrl: string; requestToken: string } };

async function loadInputs(cli: CliRun, remainingMs: () => number, signal: AbortSignal): Promise<Inputs> {
  const credentialGiven = cli.certificatePath !== undefined || cli.federatedTokenFile !== undefined || cli.githubOidc === true;
  const loaded = await loadOutputs(cli.source, nodeInputIo(process.env, process.stdin), { timeoutMs: Math.max(1, Math.min(PULUMI_TIMEOUT_MS, remainingMs())), signal, credentialGiven });
  const chosen = chooseCredential(cli, loaded, process.env);
  const inputs: Inputs = {
    outputs: loaded.outputs,
    ...(chosen.federatedTokenFile !== undefined ? { federatedTokenFile: chosen.federatedTokenFile } : {}),
    ...(chosen.githubOidc !== undefined ? { githubOidc: chosen.githubOidc } : {}),
  };
  if (chosen.certificatePath === undefined) return inputs;
  try {
    return { ...inputs, certificatePem: await readFile(chosen.certificatePath, "utf8") };
  } catch (err) {
    const code = (err as { code?: string }).code ?? "error";
    throw new VerifyInputError([{ input: chosen.certificateFrom ?? "--certificate", problem: `${chosen.certificatePath} cannot be read (${code}).`, fix: "Point it at a PEM file with the private key and the certificate." }]);
  }
}

async function run(cli: CliRun, loaded: Inputs, remainingMs: () => number, stop: StopControl): Promise<number> {
  const progress = createProgressReporter(process.stderr, { tty: process.stderr.isTTY === true });
  const offset = cli.nowAt !== undefined ? cli.nowAt - Date.now() : 0;
  const options: VerifyOptions = {
    // What reading the inputs took is already spent.
    timeoutMs: Math.max(1, remainingMs()),
    warnDays: cli.warnDays,
    probes: cli.probes,
    signal: stop.signal,
    onProgress: progress.onProgress,
    ...(cli.permissions ? { permissions: cli.permissions } : {}),
    ...(cli.authorityHost ? { authorityHost: cli.authorityHost } : {}),
    ...(cli.graphEndpoint ? { graphEndpoint: cli.graphEndpoint } : {}),
    ...(cli.requestTimeoutMs !== undefined ? { requestTimeoutMs: cli.requestTimeoutMs } : {}),
    ...(cli.replicationWindowMs !== undefined ? { replicationWindowMs: cli.replicationWindowMs } : {}),
    ...(cli.deployedAt !== undefined ? { deployedAt: cli.deployedAt } : {}),
    ...(offset !== 0 ? { now: () => Date.now() + offset } : {}),
    ...(loaded.certificatePem !== undefined ? { certificatePem: loaded.certificatePem } : {}),
    ...(loaded.federatedTokenFile !== undefined ? { federatedTokenFile: loaded.federatedTokenFile } : {}),
    ...(loaded.githubOidc !== undefined ? { githubOidc: loaded.githubOidc } : {}),
  };
  try {
    // Loaded here, not at start-up: the signal handlers are in place sooner, and --help does not pay for undici.
    const { verifyWorkload } = await import("./verify-workload.ts");
    const report = await verifyWorkload(loaded.outputs, options);
    progress.stop();
    if (ending) return EXIT_CODES.internal; // a forced stop has answered already
    process.stdout.write(cli.json ? renderJson(report) : renderHuman(report));
    const signal = stop.received();
    if (signal !== undefined) {
      process.stderr.write(`verify: interrupted by ${signal}; the report shows what was checked before that.\n`);
      return exitCodeFor(signal);
    }
    return report.ok ? EXIT_CODES.passed : EXIT_CODES.failed;
  } finally {
    progress.stop();
  }
}

/** A second signal, or a run that did not wind down in time after the first: stop now. */
function forceExit(signal: StopSignal): void {
  if (ending) return;
  if (json) process.stdout.write(renderJsonError(errorDocument("ERR_ABORTED", exitCodeFor(signal), `interrupted by ${signal}; stopped before the checks could be reported.`)));
  process.stderr.write(`verify: interrupted by ${signal}; stopped before the checks could be reported.\n`);
  exit(exitCodeFor(signal));
}

const stop = handleStopSignals(
  {
    on: (signal, handler) => process.on(signal, handler),
    off: (signal, handler) => process.off(signal, handler),
    setTimeout: (run, ms) => setTimeout(run, ms).unref(),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  },
  forceExit,
);

main(stop).then(
  (code) => {
    stop.dispose();
    if (!ending) exit(code);
  },
  (err: unknown) => {
    stop.dispose();
    if (ending) return;
    // Library errors are already scrubbed of credentials (redact.ts).
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`verify: internal error (a bug, please report it):\n${text}\n`);
    if (json) process.stdout.write(renderJsonError(errorDocument("ERR_INTERNAL", EXIT_CODES.internal, err instanceof Error ? err.message : String(err))));
    process.exit(EXIT_CODES.internal);
  },
);
