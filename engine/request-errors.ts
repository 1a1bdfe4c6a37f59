// Graph requests the emulator refused during an engine run, other than the ones the real provider
// expects to fail: after each DELETE it reads the object (and what hangs under it) until it gets 404
// several times in a row. Anything else answered 4xx/5xx means the emulator and the provider
// disagree, even when the provider retried its way past it: a run that hides one is not a pass.

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly route: string;
}

/** The path without Graph's version segment (a delete on v1.0 is polled on beta too), lower case. */
const resourcePath = (path: string) => path.toLowerCase().replace(/\/+$/, "").replace(/^\/(v1\.0|beta)(?=\/)/, "");

export function unexpectedGraphErrors<T extends LoggedRequest>(requests: readonly T[]): T[] {
  const deleted: string[] = [];
  const unexpected: T[] = [];
  for (const request of requests) {
    if (request.route !== "graph" && request.route !== "metadata") continue;
    const path = resourcePath(request.path);
    if (request.method === "DELETE" && request.status < 300) deleted.push(path.replace(/\/\$ref$/, ""));
    if (request.status < 400) continue;
    const pollAfterDelete = request.method === "GET" && request.status === 404
      && deleted.some((gone) => path === gone || path.startsWith(`${gone}/`));
    if (!pollAfterDelete) unexpected.push(request);
  }
  return unexpected;
}

/** One line per refused request, as a test failure or the demo names them. */
export const describeRequests = (requests: readonly LoggedRequest[]): string =>
  requests.map((r) => `${r.method} ${r.path} → ${r.status}`).join("\n");
