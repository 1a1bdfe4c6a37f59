// Errors verify throws. Callers match on `code`, never on message text.
import type { IncomingHttpHeaders } from "node:http";

export interface InputProblem {
  /** The input that is wrong: an output name, an option or a CLI flag. */
  input: string;
  problem: string;
  fix: string;
}

/** The inputs cannot be verified at all (exit code 2): every problem is listed at once. */
export class VerifyInputError extends Error {
  readonly code = "ERR_VERIFY_INPUT";
  readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[]) {
    super(
      problems.length === 1
        ? describeProblem(problems[0]!)
        : `${problems.length} problems with the verify inputs:\n${problems.map((p) => `  - ${describeProblem(p)}`).join("\n")}`,
    );
    this.name = "VerifyInputError";
    this.problems = problems;
  }
}

function describeProblem(p: InputProblem): string {
  return `${p.input}: ${p.problem} Fix: ${p.fix}`;
}

export type TransportCode =
  | "ERR_HTTP_TIMEOUT"
  | "ERR_HTTP_CONNECT_TIMEOUT"
  | "ERR_HTTP_RESET"
  | "ERR_HTTP_TRUNCATED"
  | "ERR_HTTP_BAD_JSON"
  | "ERR_HTTP_REDIRECT"
  | "ERR_HTTP_STATUS"
  | "ERR_HTTP_CONNECT"
  | "ERR_HTTP_TLS"
  | "ERR_HTTP_TOO_LARGE"
  | "ERR_DEADLINE"
  | "ERR_ABORTED";

/** A request that did not produce a usable response. `url` has no query string and never a credential. */
export class HttpError extends Error {
  readonly code: TransportCode;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  constructor(code: TransportCode, method: string, url: string, message: string, status?: number, options?: ErrorOptions) {
    super(`${method} ${url}: ${message}`, options);
    this.name = "HttpError";
    this.code = code;
    this.method = method;
    this.url = url;
    this.status = status;
  }
}

/** No response headers or body within the per-request timeout. */
export class HttpTimeoutError extends HttpError {
  constructor(method: string, url: string, timeoutMs: number, stage: "headers" | "body", options?: ErrorOptions) {
    super("ERR_HTTP_TIMEOUT", method, url, `no ${stage === "headers" ? "response" : "complete body"} within the per-request timeout of ${timeoutMs} ms`, undefined, options);
    this.name = "HttpTimeoutError";
  }
}

/** A non-2xx answer; `body` is the parsed JSON when it was JSON, else a short text excerpt. */
export class HttpStatusError extends HttpError {
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly bodyKind: "json" | "html" | "text" | "empty";
  constructor(method: string, url: string, status: number, headers: IncomingHttpHeaders, body: unknown, bodyKind: "json" | "html" | "text" | "empty") {
    const redirect = status >= 300 && status < 400;
    const what = redirect
      ? " redirect, refused: verify sends credentials only to the configured endpoints"
      : bodyKind === "html" ? " with an HTML page (a proxy or gateway answered, not the service)" : bodyKind === "empty" ? " with an empty body" : "";
    super(redirect ? "ERR_HTTP_REDIRECT" : "ERR_HTTP_STATUS", method, url, `HTTP ${status}${what}`, status);
    this.name = "HttpStatusError";
    this.headers = headers;
    this.body = body;
    this.bodyKind = bodyKind;
  }
}

/** A 2xx answer whose body is not the JSON it claims to be. */
export class HttpBadJsonError extends HttpError {
  constructor(method: string, url: string, status: number, contentType: string, options?: ErrorOptions) {
    super("ERR_HTTP_BAD_JSON", method, url, `HTTP ${status} but the body is not valid JSON (content-type ${contentType || "none"})`, status, options);
    this.name = "HttpBadJsonError";
  }
}
