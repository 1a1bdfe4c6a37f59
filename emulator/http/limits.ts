// How much a client may send and how long it may take: one place for the numbers that
// docs/emulator.md states. A stalled or oversized request is cut off early, so one slow or
// hostile client cannot hold sockets or memory for long.
import type { EmulatorTimeouts, RequestRoute } from "../types.ts";

const MIB = 1_048_576;

/**
 * Largest body each route reads. Graph's own limit is 4 MB per request (observed); the token
 * endpoint's is not documented, and a form with a certificate assertion is a few KiB, so 1 MiB is
 * far above anything a client sends there. The control API takes small JSON objects.
 */
export function bodyLimit(route: RequestRoute): number {
  return route === "graph" ? 4 * MIB : MIB;
}

/**
 * Default timeouts. A client on loopback sends a whole request in milliseconds; these leave room
 * for a loaded CI machine and still free a stalled socket within seconds.
 */
export const DEFAULT_TIMEOUTS: Required<EmulatorTimeouts> = {
  /** From the connection (or the end of the previous request) to the end of the request headers. */
  headersMs: 5_000,
  /** From the connection (or the end of the previous request) to the end of the request body. */
  requestMs: 10_000,
  /** An idle kept-alive connection between requests. */
  keepAliveMs: 5_000,
  /** From the TCP connect to the end of the TLS handshake (HTTPS only). */
  handshakeMs: 5_000,
  /** How often Node.js checks the headers and request timeouts: a stalled request is cut off at most this much after its timeout. */
  checkIntervalMs: 1_000,
};

export function resolveTimeouts(given: EmulatorTimeouts | undefined): Required<EmulatorTimeouts> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...given };
  for (const [name, value] of Object.entries(timeouts)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`timeouts.${name} must be a whole number of milliseconds >= 1, got ${String(value)}`);
  }
  // Node.js refuses a headers timeout longer than the request timeout.
  if (timeouts.headersMs > timeouts.requestMs) timeouts.headersMs = timeouts.requestMs;
  return timeouts;
}
