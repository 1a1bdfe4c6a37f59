// One GET of a small JSON document over HTTPS, as Entra fetches an external issuer's discovery
// document and JWKS: one deadline for connect, TLS handshake and body alike, no redirects, a size
// cap, and a distinct reason for each way it can fail (never a throw).
import { request } from "node:https";

export interface FetchJsonOptions {
  timeoutMs: number;
  /** Trusted CA certificates (PEM); replaces Node's defaults, so pass those in too. */
  ca: readonly string[];
  maxBytes?: number;
}

export type FetchJsonResult = { ok: true; json: unknown } | { ok: false; reason: string };

const DEFAULT_MAX_BYTES = 256 * 1024;

export function fetchJson(url: string, options: FetchJsonOptions): Promise<FetchJsonResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, reason: `'${url}' is not a URL` });
  }
  if (target.protocol !== "https:") return Promise.resolve({ ok: false, reason: `${url} is not https` });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: FetchJsonResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request(target, { method: "GET", headers: { accept: "application/json" }, ca: [...options.ca], agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        return finish({ ok: false, reason: `GET ${url} answered HTTP ${status}` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish({ ok: false, reason: `GET ${url} answered more than ${maxBytes} bytes` });
        chunks.push(chunk);
      });
      res.on("end", () => {
        try {
          finish({ ok: true, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown });
        } catch {
          finish({ ok: false, reason: `GET ${url} answered something that is not JSON` });
        }
      });
      res.on("error", (error) => finish({ ok: false, reason: `GET ${url} failed: ${error.message}` }));
    });
    // The one deadline: a server that accepts the connection and never answers TLS is cut off too.
    const timer = setTimeout(() => finish({ ok: false, reason: `GET ${url} did not answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => finish({ ok: false, reason: `GET ${url} failed: ${error.code ?? error.message}` }));
    req.end();
  });
}
