// Verify on deploy (config `verifyOnDeploy`): the verify checks run inside `pulumi up`, from a
// Pulumi ResourceHook, once the credential and its grants exist. The one place infra/ imports verify/.
//
// Where the hook hangs: on a small engine-builtin `pulumi:index:Stash` ("<identity>-verify") that
// depends on every password slot and every app role assignment, and whose input is a fingerprint of
// them (client id and resource ids, nothing secret). So:
// - the engine only receives the stash once all of them are created or updated (the SDK sends a
//   registration after its dependsOn resources have finished), so the checks see the whole identity,
//   not a password whose grants are still being created;
// - it runs exactly when something verify cares about changed (new secret, new or removed grant,
//   new app): the fingerprint changes, the stash is created or updated; a no-op `pulumi up` changes
//   nothing and checks nothing (`npm run verify` checks any time);
// - the hook is a *before* hook of the stash (beforeCreate/beforeUpdate): its dependencies exist by
//   then, and when the checks fail in `fail` mode the stash is not written, so the old fingerprint
//   stays in state and the next `pulumi up` checks again. An after-hook would record the new
//   fingerprint first and a retried `pulumi up` would pass without checking anything.
//
// The secret never passes through the hook's arguments or the stash: the callback closes over the
// program's own Outputs (resolved in this process when the passwords were created), hands them to
// verifyWorkload (which redacts it from everything it returns), and scrubs it from every line it
// logs or throws as a second line of defence.

//
// verify itself (undici, jose, its own modules) is imported inside the callback, not with this file:
// the program loads this file at start-up, but the checks only run once the hook fires, after the
// resources exist (never in a preview, nor under mocks), so start-up does not pay for them.

import * as pulumi from "@pulumi/pulumi";
import type { StackOutputs, VerifyOptions, VerifyReport } from "../verify/index.ts";

/** Hook name registered with the engine (unique per program). */
export const VERIFY_HOOK_NAME = "graph-workload-identity-verify-on-deploy";

export type HookMode = "fail" | "warn";

/** The stack outputs verify reads, as the program holds them (Outputs or plain values). */
export type VerifyTarget = { readonly [K in keyof StackOutputs]: pulumi.Input<NonNullable<StackOutputs[K]>> | undefined };

export interface HookLog {
  info(message: string): void;
  warn(message: string): void;
  /** One line while verify waits (Pulumi shows it as the resource's status, then drops it). */
  progress(message: string): void;
}

/** Thrown by the hook in `fail` mode: fails `pulumi up` with the failed checks, never a secret. */
export class VerifyOnDeployError extends Error {
  readonly code = "ERR_VERIFY_ON_DEPLOY";
  /** Failed checks with their stable codes (AADSTS…, a Graph code, or a verify code). */
  readonly failures: readonly { readonly name: string; readonly code: string | undefined }[];

  constructor(message: string, failures: VerifyOnDeployError["failures"]) {
    super(message);
    this.name = "VerifyOnDeployError";
    this.failures = failures;
  }
}

export interface VerifyHookOptions {
  readonly mode: HookMode;
  /** The stack outputs verify reads, with the active secret; resolves once the credential exists. */
  readonly target: () => Promise<StackOutputs>;
  readonly log: HookLog;
  /** The program's clock (GRAPH_WORKLOAD_IDENTITY_NOW), for expiry checks and the replication window. */
  readonly now?: (() => number) | undefined;
  /** `pulumi stack` name, for the fix text. */
  readonly stack?: string | undefined;
  /** Passed on to verifyWorkload (tests: short windows and backoff). */
  readonly verifyOptions?: VerifyOptions | undefined;
}

/** The hook's callback. Its arguments are not needed: everything comes from the program (see top). */
export function verifyHookCallback(options: VerifyHookOptions): pulumi.ResourceHookFunction {
  return async () => {
    const outputs = await options.target();
    const secret = outputs.clientSecret;
    const scrub = (text: string) => (secret === undefined || secret === "" ? text : text.replaceAll(secret, "[redacted]"));
    const now = options.now ?? Date.now;
    const who = `client ${outputs.clientId} in tenant ${outputs.tenantId}`;
    const rerun = `\`npm run verify -- --stack ${options.stack ?? "<stack>"}\``;

    // Loaded now, when the checks run (see the top of this file).
    const { summarizeFailures, verifyWorkload } = await import("../verify/index.ts");
    let report: VerifyReport;
    try {
      report = await verifyWorkload(outputs, {
        now,
        // The hook runs right after the credential or its grants changed: "not replicated yet"
        // answers are expected from now on, for verify's window after a known deploy time.
        deployedAt: now(),
        onProgress: (event) => options.log.progress(scrub(`verify: ${event.message}`)),
        ...options.verifyOptions,
      });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const message = scrub(`verifyOnDeploy: verify could not check ${who}: ${(err as Error).message}`);
      return conclude(options, message, [{ name: "inputs", code: typeof code === "string" ? code : undefined }]);
    }

    for (const check of report.checks.filter((c) => c.status === "warn")) {
      options.log.warn(scrub(`verify: ${check.name}: ${check.code ?? "warning"}. ${check.explanation ?? check.detail ?? ""} Fix: ${check.fix ?? "see the verify report"}`));
    }
    const seconds = (report.timings.totalMs / 1000).toFixed(1);
    if (report.ok) {
      options.log.info(scrub(`verify: ✓ ${who} gets a token with its roles and can call Microsoft Graph (${report.checks.length} checks, ${seconds} s)`));
      return;
    }
    const failed = report.checks.filter((c) => c.status === "fail");
    const message = scrub(
      `verifyOnDeploy: ${who} does not work (${failed.length} check${failed.length === 1 ? "" : "s"} failed after ${seconds} s):\n` +
        `${summarizeFailures(report)}\n` +
        `The resources were deployed; run ${rerun} for the full report, or set verifyOnDeploy to warn or off.`,
    );
    return conclude(options, message, failed.map((c) => ({ name: c.name, code: c.code })));
  };
}

function conclude(options: VerifyHookOptions, message: string, failures: VerifyOnDeployError["failures"]): void {
  if (options.mode === "fail") throw new VerifyOnDeployError(message, failures);
  options.log.warn(message);
}

/** Logs through Pulumi's engine, attached to an already registered resource (see below). */
export function pulumiHookLog(resource: pulumi.Resource): HookLog {
  // Pulumi sends log lines in order, each after its resource's URN resolves; the stash's own URN
  // resolves only after its hook has run, so the lines are attached to its parent instead.
  return {
    info: (m) => void pulumi.log.info(m, resource),
    warn: (m) => void pulumi.log.warn(m, resource),
    progress: (m) => void pulumi.log.info(m, resource, undefined, true),
  };
}

export interface AttachArgs {
  readonly mode: HookMode;
  /** Resource name of the stash, e.g. `workload-identity-verify`. */
  readonly name: string;
  /** The component the stash belongs to (already registered; also where log lines go). */
  readonly parent: pulumi.Resource;
  /** Everything that must exist before the checks make sense. */
  readonly dependsOn: readonly pulumi.CustomResource[];
  /** What verify reads; may hold the secret (it stays in this process). */
  readonly target: VerifyTarget;
  readonly now: () => number;
  readonly stack: string;
}

/** Registers the hook and the stash that carries it; see the top of this file for why a stash. */
export function attachVerifyOnDeploy(args: AttachArgs): pulumi.Stash {
  // Resolved by the program when the passwords and grants are created, long before the hook runs
  // (hooks never run in a preview, where some of these values are unknown and this never resolves).
  const target = new Promise<StackOutputs>((resolve) => {
    pulumi.output(args.target).apply((t) => {
      resolve(t as unknown as StackOutputs);
      return undefined;
    });
  });
  const callback = verifyHookCallback({ mode: args.mode, target: () => target, log: pulumiHookLog(args.parent), now: args.now, stack: args.stack });
  // warn: an unexpected error in the hook itself must not fail the deploy either.
  const hook = new pulumi.ResourceHook(VERIFY_HOOK_NAME, callback, { ignoreErrors: args.mode === "warn" });
  const fingerprint = {
    // Ids change whenever a password is replaced or a grant is added, removed or re-created.
    resources: args.dependsOn.map((r) => r.id),
  };
  return new pulumi.Stash(
    args.name,
    { input: fingerprint },
    { parent: args.parent, dependsOn: [...args.dependsOn], hooks: { beforeCreate: [hook], beforeUpdate: [hook] } },
  );
}
