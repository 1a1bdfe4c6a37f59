// Where the CLI gets stack outputs: a file, stdin, `pulumi stack output`, or the Azure SDK variables.
// Parsing is pure; reading is injected so that tests can run it without files or a Pulumi CLI.
// Reading is bounded like the rest of a run: by the deadline (--timeout) and by the caller's signal.
import { readFile } from "node:fs/promises";
import { addAbortSignal, type Readable } from "node:stream";
import { VerifyInputError } from "./errors.ts";
import type { OutputsSource } from "./cli-args.ts";
import { CREDENTIAL_OPTIONS } from "./target-credential.ts";
import type { StackOutputs } from "./types.ts";

/**
 * The Azure SDKs' variables as stack outputs: EnvironmentCredential's (a secret first, then a
 * certificate, as the SDKs take them) and WorkloadIdentityCredential's token file after those.
 * `credentialGiven`: a credential flag (--certificate, --federated-token-file, --github-oidc) was
 * given, so no credential variable is needed.
 */
export function outputsFromEnv(env: Readonly<Record<string, string | undefined>>, credentialGiven = false): { outputs: StackOutputs; certificatePath?: string; federatedTokenFile?: string } {
  const get = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const outputs = {
    tenantId: get("AZURE_TENANT_ID"),
    clientId: get("AZURE_CLIENT_ID"),
    clientSecret: env["AZURE_CLIENT_SECRET"] || undefined,
    authorityHost: get("AZURE_AUTHORITY_HOST"),
  };
  const missing: string[] = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID"].filter((name) => get(name) === undefined);
  const certificatePath = outputs.clientSecret === undefined ? get("AZURE_CLIENT_CERTIFICATE_PATH") : undefined;
  const federatedTokenFile = outputs.clientSecret === undefined && certificatePath === undefined ? get("AZURE_FEDERATED_TOKEN_FILE") : undefined;
  if (outputs.clientSecret === undefined && certificatePath === undefined && federatedTokenFile === undefined && !credentialGiven) missing.push("AZURE_CLIENT_SECRET");
  if (missing.length > 0) {
    throw new VerifyInputError(
      missing.map((name) => ({
        input: name,
        problem: "is not set, and neither --outputs nor --stack was given.",
        fix: name === "AZURE_CLIENT_SECRET"
          ? `Set AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), give ${CREDENTIAL_OPTIONS}, or pass --outputs/--stack.`
          : `Set ${name}, or pass --outputs FILE or --stack NAME.`,
      })),
    );
  }
  const clean = Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)) as unknown as StackOutputs;
  return { outputs: clean, ...(certificatePath !== undefined ? { certificatePath } : {}), ...(federatedTokenFile !== undefined ? { federatedTokenFile } : {}) };
}

export interface CredentialFlags {
  certificatePath?: string;
  federatedTokenFile?: string;
  githubOidc?: true;
}

/** What the CLI hands verify to sign in with; empty: the inputs' client secret (or a problem verify names). */
export interface ChosenCredential {
  certificatePath?: string;
  /** Where the path came from, for messages: the flag or the variable. */
  certificateFrom?: "--certificate" | "AZURE_CLIENT_CERTIFICATE_PATH";
  federatedTokenFile?: string;
  githubOidc?: { requestUrl: string; requestToken: string };
}

/**
 * The credential, first that applies: a credential flag; the inputs' client secret;
 * AZURE_CLIENT_CERTIFICATE_PATH (environment inputs only, as before); AZURE_FEDERATED_TOKEN_FILE
 * (with any inputs: a secretless stack's outputs name no credential). Pure.
 */
export function chooseCredential(flags: CredentialFlags, loaded: LoadedInputs, env: Readonly<Record<string, string | undefined>>): ChosenCredential {
  if (flags.certificatePath !== undefined) return { certificatePath: flags.certificatePath, certificateFrom: "--certificate" };
  if (flags.federatedTokenFile !== undefined) return { federatedTokenFile: flags.federatedTokenFile };
  if (flags.githubOidc) {
    const requestUrl = env["ACTIONS_ID_TOKEN_REQUEST_URL"]?.trim();
    const requestToken = env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]?.trim();
    const missing = [!requestUrl && "ACTIONS_ID_TOKEN_REQUEST_URL", !requestToken && "ACTIONS_ID_TOKEN_REQUEST_TOKEN"].filter((name): name is string => name !== false);
    if (missing.length > 0) {
      throw new VerifyInputError(missing.map((name) => ({
        input: name,
        problem: "is not set: --github-oidc works only inside a GitHub Actions job that may ask for its OIDC token.",
        fix: "Add `permissions: id-token: write` to the workflow (or the job) and run verify in that job; elsewhere use --federated-token-file or --certificate.",
      })));
    }
    return { githubOidc: { requestUrl: requestUrl!, requestToken: requestToken! } };
  }
  const secret = (loaded.outputs as unknown as Record<string, unknown>)["clientSecret"];
  if (typeof secret === "string" && secret !== "") return {};
  if (loaded.certificatePath !== undefined) return { certificatePath: loaded.certificatePath, certificateFrom: "AZURE_CLIENT_CERTIFICATE_PATH" };
  const tokenFile = loaded.federatedTokenFile ?? (env["AZURE_FEDERATED_TOKEN_FILE"]?.trim() || undefined);
  return tokenFile !== undefined ? { federatedTokenFile: tokenFile } : {};
}

/** The JSON that `pulumi stack output --json --show-secrets` prints. */
export function parseOutputsJson(text: string, origin: string): StackOutputs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VerifyInputError([{ input: origin, problem: "is not JSON.", fix: "Produce it with `pulumi stack output --json --show-secrets`." }]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new VerifyInputError([{ input: origin, problem: "is not a JSON object of stack outputs.", fix: "Produce it with `pulumi stack output --json --show-secrets`." }]);
  }
  return value as StackOutputs;
}

export interface InputIo {
  env: Readonly<Record<string, string | undefined>>;
  readText(path: string): Promise<string>;
  /** All of stdin; rejects (and stops reading) when `signal` aborts. */
  readStdin(signal: AbortSignal): Promise<string>;
  /** Runs `pulumi stack output --json --show-secrets --stack NAME`; resolves its stdout. */
  pulumiStackOutput(stack: string, timeoutMs: number, signal?: AbortSignal): Promise<string>;
}

export interface LoadLimits {
  /** Time left before the overall deadline, ms. */
  timeoutMs: number;
  /** The caller's cancellation (Ctrl-C): loading rejects with its reason. */
  signal?: AbortSignal;
  /** A credential flag was given: environment inputs need no credential variable. */
  credentialGiven?: boolean;
}

export interface LoadedInputs {
  outputs: StackOutputs;
  /** From AZURE_CLIENT_CERTIFICATE_PATH (environment inputs only). */
  certificatePath?: string;
  /** From AZURE_FEDERATED_TOKEN_FILE (environment inputs only). */
  federatedTokenFile?: string;
}

export async function loadOutputs(source: OutputsSource, io: InputIo, limits: LoadLimits): Promise<LoadedInputs> {
  const { timeoutMs, signal } = limits;
  switch (source.kind) {
    case "env":
      return outputsFromEnv(io.env, limits.credentialGiven === true);
    case "stdin":
      return { outputs: parseOutputsJson(await readStdinWithin(io, timeoutMs, signal), "--outputs - (stdin)") };
    case "file": {
      let text: string;
      try {
        text = await io.readText(source.path);
      } catch (err) {
        const code = (err as { code?: string }).code ?? "error";
        throw new VerifyInputError([{ input: `--outputs ${source.path}`, problem: `cannot be read (${code}).`, fix: "Check the path, or use --outputs - to read stdin." }]);
      }
      return { outputs: parseOutputsJson(text, `--outputs ${source.path}`) };
    }
    case "stack":
      return { outputs: parseOutputsJson(await io.pulumiStackOutput(source.name, timeoutMs, signal), `pulumi stack output --stack ${source.name}`) };
  }
}

/** stdin until its end, the deadline or the caller's cancellation, whichever comes first. */
async function readStdinWithin(io: InputIo, timeoutMs: number, signal: AbortSignal | undefined): Promise<string> {
  const deadline = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
  try {
    return await io.readStdin(signal ? AbortSignal.any([signal, deadline]) : deadline);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (!deadline.aborted) throw err;
    throw new VerifyInputError([
      {
        input: "--outputs - (stdin)",
        problem: `did not end within ${(timeoutMs / 1000).toFixed(1)} s, the time left before the deadline (--timeout): nothing, or not all of the outputs, arrived.`,
        fix: "Pipe the outputs in, e.g. `pulumi stack output --json --show-secrets | graph-verify --outputs -`, or pass --outputs FILE or --stack NAME.",
      },
    ]);
  }
}

/** Real I/O for the CLI. */
export function nodeInputIo(env: NodeJS.ProcessEnv, stdin: Readable): InputIo {
  return {
    env,
    readText: (path) => readFile(path, "utf8"),
    async readStdin(signal) {
      // Destroys stdin on abort, which ends the loop below with an AbortError.
      addAbortSignal(signal, stdin);
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString("utf8");
    },
    pulumiStackOutput: (stack, timeoutMs, signal) => runPulumi(stack, timeoutMs, env, signal),
  };
}

async function runPulumi(stack: string, timeoutMs: number, env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Promise<string> {
  const input = `--stack ${stack}`;
  // Loaded only for --stack: every other input is read without spawning anything.
  const { execFile } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      ["stack", "output", "--json", "--show-secrets", "--stack", stack],
      { timeout: Math.max(1, Math.ceil(timeoutMs)), killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024, env, windowsHide: true, ...(signal ? { signal } : {}) },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if (signal?.aborted) return reject(signal.reason);
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (e.code === "ENOENT") {
          return reject(new VerifyInputError([{ input, problem: "needs the pulumi CLI, which is not on PATH.", fix: "Install Pulumi, or pass the outputs with --outputs FILE." }]));
        }
        if (e.killed) {
          return reject(new VerifyInputError([{ input, problem: `\`pulumi stack output\` did not finish within ${(timeoutMs / 1000).toFixed(1)} s, the time left before the deadline (--timeout).`, fix: "Check the Pulumi backend login, or pass the outputs with --outputs FILE." }]));
        }
        const firstLine = String(stderr).split(/\r?\n/).find((l) => l.trim() !== "") ?? `exit code ${String(e.code)}`;
        reject(new VerifyInputError([{ input, problem: `\`pulumi stack output\` failed: ${firstLine.trim()}`, fix: "Check the stack name (`pulumi stack ls`) and the backend login." }]));
      },
    );
  });
}
