// Errors of the substitute azuread provider: a stable `code`, what went wrong and what to do about it.

export type ProviderErrorCode =
  | "CONFIG_MISSING"
  | "NOT_EMULATED"
  | "UNSUPPORTED_INPUT"
  | "UNKNOWN_INVOKE"
  | "GRAPH_ERROR"
  | "TOKEN_ERROR"
  | "HTTP_ERROR";

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly fix: string;

  constructor(code: ProviderErrorCode, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${problem}. Fix: ${fix}`, options);
    this.name = "ProviderError";
    this.code = code;
    this.fix = fix;
  }
}

/** A non-2xx answer from Graph or the token endpoint, with the ids Microsoft support asks for. */
export class ServiceError extends ProviderError {
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
      code === "TOKEN_ERROR" ? "check the deployer credentials (azuread:clientId, azuread:clientSecret, azuread:tenantId) and that the stack points at the emulator it was created on" : "see the Graph error above; Pulumi records only the steps that succeeded",
    );
    this.status = details.status;
    this.serviceCode = details.serviceCode;
    this.requestId = details.requestId;
  }
}
