// Which origins verify is still connecting to (TCP connect and TLS handshake not finished yet), so a
// request that runs out of time there is reported as a connection that never came up, not as a
// slow answer: a firewall that swallows packets or a port that accepts TCP and never speaks TLS
// needs another fix than a slow service.
import { buildConnector } from "undici";

export interface ConnectionTracker {
  /** An undici connector (Agent `connect` option) that records connections in progress. */
  readonly connector: buildConnector.connector;
  /** True while a connection to `origin` (URL.origin form) has been started and is not up yet. */
  connecting(origin: string): boolean;
}

/** `https://host:port` in URL.origin form (default ports dropped), as requests name their target. */
function originOf(options: buildConnector.Options): string {
  try {
    return new URL(`${options.protocol}//${options.hostname}${options.port ? `:${options.port}` : ""}`).origin;
  } catch {
    return `${options.protocol}//${options.hostname}`;
  }
}

export function trackConnections(options: buildConnector.BuildOptions): ConnectionTracker {
  const connect = buildConnector(options);
  const pending = new Map<string, number>();
  const change = (origin: string, by: number) => {
    const n = (pending.get(origin) ?? 0) + by;
    if (n > 0) pending.set(origin, n);
    else pending.delete(origin);
  };
  return {
    connector(connectOptions, callback) {
      const origin = originOf(connectOptions);
      change(origin, 1);
      let settled = false;
      connect(connectOptions, (...args) => {
        if (!settled) change(origin, -1);
        settled = true;
        callback(...args);
      });
    },
    connecting: (origin) => (pending.get(origin) ?? 0) > 0,
  };
}
