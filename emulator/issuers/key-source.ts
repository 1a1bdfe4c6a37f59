// The signing keys of the issuer a federated assertion names, as Entra finds them: from the issuer's
// discovery document (`${iss}/.well-known/openid-configuration`) and its `jwks_uri`. Issuers this
// emulator serves are answered in process; any other is fetched over HTTPS with a short timeout,
// and what was fetched is kept for a while (a small cache, keyed by issuer).
import { getCACertificates, rootCertificates } from "node:tls";
import { fetchJson, type FetchJsonResult } from "./fetch-json.ts";
import type { IssuerRegistry } from "./registry.ts";

export interface IssuerKeys {
  keys: readonly Record<string, unknown>[];
}

export type KeyLookup = { ok: true; keys: IssuerKeys; remote: boolean } | { ok: false; reason: string };

export interface IssuerKeySource {
  /** `refresh`: the cached keys lacked the one a token names (the issuer may have rotated its keys). */
  resolve(iss: string, options?: { refresh?: boolean }): Promise<KeyLookup>;
}

export interface RemoteIssuerOptions {
  /** Per document (discovery, then JWKS), ms; default 5000. */
  timeoutMs?: number;
  /** How long fetched keys are used before they are fetched again, ms; default 300 000. */
  cacheMs?: number;
  /** CA certificates (PEM) to trust besides Node's defaults (NODE_EXTRA_CA_CERTS included) and the emulator's own CA. */
  caPems?: readonly string[];
}

export const DEFAULT_REMOTE_TIMEOUT_MS = 5_000;
export const DEFAULT_REMOTE_CACHE_MS = 300_000;
/** A refresh for an unknown key id is not sent more often than this per issuer. */
const MIN_REFRESH_INTERVAL_MS = 10_000;
const MAX_CACHED_ISSUERS = 100;

interface Cached {
  keys: IssuerKeys;
  at: number;
}

function defaultCas(): string[] {
  try {
    return [...getCACertificates("default")];
  } catch {
    return [...rootCertificates];
  }
}

export function createIssuerKeySource(registry: IssuerRegistry, ownCaPem: () => string | undefined, options: RemoteIssuerOptions = {}): IssuerKeySource {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
  const cacheMs = options.cacheMs ?? DEFAULT_REMOTE_CACHE_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`externalIssuers.timeoutMs must be a whole number of milliseconds >= 1, got ${String(timeoutMs)}`);
  if (!Number.isInteger(cacheMs) || cacheMs < 0) throw new RangeError(`externalIssuers.cacheMs must be a whole number of milliseconds >= 0, got ${String(cacheMs)}`);
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<KeyLookup>>();
  let trusted: string[] | undefined;
  const ca = (): string[] => (trusted ??= [...defaultCas(), ...(ownCaPem() ? [ownCaPem() as string] : []), ...(options.caPems ?? [])]);

  async function fetchKeys(iss: string): Promise<KeyLookup> {
    const discoveryUrl = `${iss.replace(/\/+$/, "")}/.well-known/openid-configuration`;
    const discovery = await fetchJson(discoveryUrl, { timeoutMs, ca: ca() });
    if (!discovery.ok) return discovery;
    const document = discovery.json as Record<string, unknown> | null;
    if (typeof document !== "object" || document === null || typeof document["jwks_uri"] !== "string") {
      return { ok: false, reason: `${discoveryUrl} has no jwks_uri` };
    }
    // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one it was fetched for.
    if (document["issuer"] !== iss) return { ok: false, reason: `${discoveryUrl} names issuer ${JSON.stringify(document["issuer"])}, not '${iss}'` };
    const jwks: FetchJsonResult = await fetchJson(document["jwks_uri"], { timeoutMs, ca: ca() });
    if (!jwks.ok) return jwks;
    const set = jwks.json as Record<string, unknown> | null;
    if (typeof set !== "object" || set === null || !Array.isArray(set["keys"])) return { ok: false, reason: `${document["jwks_uri"]} is not a JWKS ({"keys": […]})` };
    const keys = { keys: set["keys"].filter((key): key is Record<string, unknown> => typeof key === "object" && key !== null) };
    if (cache.size >= MAX_CACHED_ISSUERS) cache.delete(cache.keys().next().value as string);
    cache.set(iss, { keys, at: performance.now() });
    return { ok: true, keys, remote: true };
  }

  return {
    async resolve(iss, { refresh = false } = {}) {
      const local = registry.byUrl(iss);
      if (local) return { ok: true, keys: { keys: [{ ...local.jwk }] }, remote: false };
      const cached = cache.get(iss);
      const age = cached ? performance.now() - cached.at : Number.POSITIVE_INFINITY;
      if (cached && age < cacheMs && !(refresh && age >= MIN_REFRESH_INTERVAL_MS)) return { ok: true, keys: cached.keys, remote: true };
      let pending = inFlight.get(iss);
      if (!pending) {
        pending = fetchKeys(iss).finally(() => inFlight.delete(iss));
        inFlight.set(iss, pending);
      }
      return pending;
    },
  };
}
