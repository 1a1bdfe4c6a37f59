// Scans everything a test saw (CLI stdout/stderr, reports, thrown errors) for credentials: every
// secret the test handed out, every token/assertion verify sent on the wire (captured by
// `capturingDispatcher`), and anything shaped like a JWT.
import { expect } from "vitest";
import { Agent, type Dispatcher } from "undici";

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;

export interface LeakGuard {
  /** A value that must never appear in any output. */
  secret(value: string | undefined): void;
  /** Something a user or caller could see: a string, a report, an Error (message, stack, causes). */
  output(label: string, value: unknown): void;
  /** An undici Agent that records every credential verify sends (Authorization, client_secret, client_assertion). */
  dispatcher(options?: Agent.Options): Dispatcher;
  /** Asserts that no recorded output contains a recorded secret; then forgets the outputs. */
  check(): void;
  readonly secretCount: number;
}

function flatten(value: unknown, seen = new Set<unknown>()): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined || typeof value !== "object") return String(value);
  if (seen.has(value)) return "";
  seen.add(value);
  if (value instanceof Error) {
    const cause = "cause" in value ? flatten(value.cause, seen) : "";
    return [value.name, value.message, value.stack ?? "", JSON.stringify({ ...value }), cause].join("\n");
  }
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? flatten(v, seen) : v)) ?? "";
}

export function createLeakGuard(): LeakGuard {
  const secrets = new Set<string>();
  let outputs: Array<{ label: string; text: string }> = [];
  const guard: LeakGuard = {
    secret(value) {
      if (value) secrets.add(value);
    },
    output(label, value) {
      outputs.push({ label, text: flatten(value) });
    },
    dispatcher(options) {
      return new Agent(options).compose((dispatch) => (opts, handler) => {
        recordCredentials(opts, guard);
        return dispatch(opts, handler);
      });
    },
    check() {
      const current = outputs;
      outputs = [];
      for (const { label, text } of current) {
        for (const secret of secrets) {
          expect(text.includes(secret), `${label} contains a credential`).toBe(false);
          expect(text.includes(encodeURIComponent(secret)), `${label} contains an encoded credential`).toBe(false);
        }
        expect(JWT_SHAPE.test(text), `${label} contains something shaped like a JWT`).toBe(false);
      }
    },
    get secretCount() {
      return secrets.size;
    },
  };
  return guard;
}

function recordCredentials(opts: Dispatcher.DispatchOptions, guard: LeakGuard): void {
  const headers = opts.headers;
  const entries: Array<[string, unknown]> = Array.isArray(headers)
    ? pairs(headers as unknown[])
    : headers && typeof headers === "object" && !(Symbol.iterator in headers)
      ? Object.entries(headers as Record<string, unknown>)
      : headers && typeof headers === "object"
        ? [...(headers as Iterable<[string, unknown]>)]
        : [];
  for (const [name, value] of entries) {
    if (name.toLowerCase() === "authorization" && typeof value === "string") guard.secret(value.replace(/^Bearer\s+/i, ""));
  }
  if (typeof opts.body === "string") {
    const form = new URLSearchParams(opts.body);
    guard.secret(form.get("client_secret") ?? undefined);
    guard.secret(form.get("client_assertion") ?? undefined);
  }
}

function pairs(flat: unknown[]): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), flat[i + 1]]);
  return out;
}
