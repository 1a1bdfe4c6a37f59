// Errors of the local runner: a stable `code`, what went wrong and what to do about it.

export type LocalRunErrorCode =
  | "INVALID_STACK"
  | "STATE_UNREADABLE"
  | "STATE_TARGET_MISMATCH"
  | "CONFIG_UNREADABLE"
  | "NOT_EMULATED"
  | "UNSUPPORTED_INPUT"
  | "UNSUPPORTED_OPTION"
  | "UNKNOWN_INVOKE"
  | "UNKNOWN_STACK_REFERENCE"
  | "GRAPH_ERROR"
  | "TOKEN_ERROR"
  | "HTTP_ERROR"
  | "PROGRAM_FAILED"
  | "PROGRAM_TIMEOUT"
  | "STEPS_FAILED"
  | "VERIFY_FAILED";

export class LocalRunError extends Error {
  readonly code: LocalRunErrorCode;
  readonly fix: string;

  constructor(code: LocalRunErrorCode, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${problem}. Fix: ${fix}`, options);
    this.name = "LocalRunError";
    this.code = code;
    this.fix = fix;
  }
}

/** A non-2xx answer from Graph or the token endpoint, with the ids Microsoft support asks for. */
export class ServiceError extends LocalRunError {
  readonly status: number;
  /** Graph `error.code` or the AADSTS number. */
  readonly serviceCode: string;
  readonly requestId: string | undefined;

  constructor(
    code: "GRAPH_ERROR" | "TOKEN_ERROR",
    details: { method: string; path: string; status: number; serviceCode: string; message: string; requestId?: string | undefined },
  ) {
    const ids = details.requestId === undefined ? "" : ` (request-id ${details.requestId})`;
    super(
      code,
      `${details.method} ${details.path} answered ${details.status} ${details.serviceCode}: ${details.message}${ids}`,
      code === "TOKEN_ERROR" ? "check the deployer's credentials and that the emulator is the one the state was created on" : "see the Graph error above; the local state records only the steps that succeeded",
    );
    this.status = details.status;
    this.serviceCode = details.serviceCode;
    this.requestId = details.requestId;
  }
}
