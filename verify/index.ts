// Library entry: verify a deployed workload identity from its stack outputs.
export { verifyWorkload } from "./verify-workload.ts";
export { renderHuman, summarizeFailures } from "./render-human.ts";
export { renderJson } from "./render-json.ts";
export { VerifyInputError, HttpError } from "./errors.ts";
export type { InputProblem, TransportCode } from "./errors.ts";
export { DEFAULT_BACKOFF } from "./backoff.ts";
export type { BackoffPolicies, BackoffPolicy, WaitKind } from "./backoff.ts";
export {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_WARN_DAYS,
  DEFAULT_WINDOW_AFTER_DEPLOY_MS,
  DEFAULT_WINDOW_UNKNOWN_MS,
  DEFAULT_MIN_REQUEST_INTERVAL_MS,
  REQUEST_BURST,
} from "./context.ts";
export type {
  AttemptRecord,
  CheckResult,
  CheckStatus,
  Correlation,
  FederatedCredentialOutput,
  FederatedTokenSource,
  ProgressEvent,
  Scheduler,
  StackOutputs,
  VerifyOptions,
  VerifyReport,
  VerifyTiming,
} from "./types.ts";
