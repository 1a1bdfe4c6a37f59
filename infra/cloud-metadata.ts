// A custom cloud's endpoints from its Azure Resource Manager metadata document
// (`GET https://{metadataHost}/metadata/endpoints?api-version=2022-09-01`), read the way the azuread
// provider reads them, so the stack outputs name the authority and Graph the resources were created in.

import type { Dispatcher } from "undici";
import type { CloudEndpoints } from "./cloud.ts";
import { ConfigError } from "./errors.ts";

export interface CustomCloudEndpoints extends Omit<CloudEndpoints, "name"> {
  readonly name: "custom";
}

const problem = (metadataHost: string, what: string, fix: string): ConfigError =>
  new ConfigError([{ key: "azuread:metadataHost", code: "INVALID_VALUE", value: metadataHost, problem: what, fix }]);

/** Pure: the document's `authentication.loginEndpoint` and `microsoftGraphResourceId`, trailing slashes trimmed. */
export function endpointsFromMetadata(document: unknown, metadataHost: string): CustomCloudEndpoints {
  const doc = (document ?? {}) as { authentication?: { loginEndpoint?: unknown }; microsoftGraphResourceId?: unknown };
  const login = doc.authentication?.loginEndpoint;
  const graph = doc.microsoftGraphResourceId;
  const valid = (value: unknown): value is string => typeof value === "string" && /^https:\/\/[^/]/.test(value);
  if (!valid(login) || !valid(graph)) {
    throw problem(
      metadataHost,
      "serves a metadata document without https `authentication.loginEndpoint` and `microsoftGraphResourceId`.",
      "point azuread:metadataHost at a host that serves Azure Resource Manager cloud metadata (api-version 2022-09-01).",
    );
  }
  return { name: "custom", authorityHost: login.replace(/\/+$/, ""), graphEndpoint: graph.replace(/\/+$/, "") };
}

/** Fetches and parses the document; every failure names the setting and what to check. */
export async function fetchCloudEndpoints(metadataHost: string, options: { timeoutMs?: number; dispatcher?: Dispatcher } = {}): Promise<CustomCloudEndpoints> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const url = `https://${metadataHost}/metadata/endpoints?api-version=2022-09-01`;
  let status: number;
  let text: string;
  try {
    // Loaded here, not with the program: only a custom cloud needs it (undici is verify's HTTP client).
    const { request } = await import("undici");
    const response = await request(url, {
      headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs), ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    const code = (error as { code?: string; name?: string }).code ?? (error as Error).name;
    throw problem(metadataHost, `could not be read: GET ${url} failed (${code}).`, "check that the host is up and that its TLS certificate is trusted (NODE_EXTRA_CA_CERTS for a private CA).");
  }
  if (status !== 200) throw problem(metadataHost, `answered ${status} for GET ${url}.`, "check the host:port; it must serve /metadata/endpoints.");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw problem(metadataHost, `answered GET ${url} with a body that is not JSON.`, "check the host:port; it must serve /metadata/endpoints.");
  }
  return endpointsFromMetadata(document, metadataHost);
}
