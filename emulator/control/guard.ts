// Who may call the control API. It creates workloads and answers their secrets, so it must not be
// reachable from a web page open in the user's browser:
// - a cross-site `fetch` with `Content-Type: text/plain` (or a form post) needs no CORS preflight,
//   so the request would run even though the page cannot read the answer: only JSON is accepted,
//   which a browser sends cross-site only after a preflight this API never approves;
// - any cross-origin request from a browser carries `Origin`: one that is not the emulator's own is
//   refused;
// - DNS rebinding (a page's own host name re-pointed at 127.0.0.1) makes the browser treat the
//   emulator as same-origin, but its `Host` header still names the page's host: only loopback
//   names are accepted;
// - and the server listens on 127.0.0.1 only; the peer address is checked as well, so the rule
//   holds even if that ever changes.
import type { IncomingMessage } from "node:http";
import { CONTROL } from "../errors.ts";
import type { ControlErrorDefinition } from "../errors.ts";

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export interface ControlRefusal {
  definition: ControlErrorDefinition;
  args: string[];
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return v4.startsWith("127.") || address === "::1";
}

/** The host name of a Host header ("127.0.0.1:8443" → "127.0.0.1", "[::1]:80" → "[::1]"). */
function hostName(host: string): string {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0] ?? "";
  return name.toLowerCase();
}

/** An `Origin` naming this emulator (by any loopback name): the only origin whose requests run. */
function sameOrigin(origin: string, own: URL): boolean {
  let given: URL;
  try {
    given = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and junk
  }
  return given.protocol === own.protocol && given.port === own.port && LOOPBACK_NAMES.has(given.hostname) && given.pathname === "/";
}

export function controlRefusal(req: IncomingMessage, ownOrigin: string): ControlRefusal | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return { definition: CONTROL.NOT_LOOPBACK, args: [String(req.socket.remoteAddress)] };
  const host = req.headers.host;
  if (host !== undefined && !LOOPBACK_NAMES.has(hostName(host))) return { definition: CONTROL.FOREIGN_HOST, args: [host] };
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, new URL(ownOrigin))) return { definition: CONTROL.FOREIGN_ORIGIN, args: [origin, ownOrigin] };
  const method = req.method ?? "GET";
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (BODY_METHODS.has(method) || hasBody) {
    const contentType = req.headers["content-type"] ?? "";
    const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
    if (mediaType !== "application/json") return { definition: CONTROL.UNSUPPORTED_MEDIA_TYPE, args: [contentType] };
  }
  return undefined;
}
