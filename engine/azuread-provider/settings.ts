// Where the substitute provider gets its credentials and endpoints: the same settings, with the same
// precedence, as the azuread provider — provider config (`azuread:tenantId`, `azuread:clientId`,
// `azuread:clientSecret`, `azuread:metadataHost`, `azuread:environment`), then the ARM_* variables.
// With a metadataHost, the endpoints come from that host's ARM cloud metadata document.

import { endpointsFromMetadata } from "../../infra/cloud-metadata.ts";
import { ProviderError } from "./errors.ts";
import { httpJson, type HttpOptions } from "./http.ts";

export interface ProviderSettings {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly metadataHost: string | undefined;
  readonly environment: string;
}

export interface CloudEndpoints {
  /** Token authority, no trailing slash. */
  readonly loginEndpoint: string;
  /** Graph base URL, no trailing slash; its `/.default` is the token scope. */
  readonly graphEndpoint: string;
}

const ENV_NAMES: Readonly<Record<keyof Omit<ProviderSettings, "environment">, string>> = {
  tenantId: "ARM_TENANT_ID",
  clientId: "ARM_CLIENT_ID",
  clientSecret: "ARM_CLIENT_SECRET",
  metadataHost: "ARM_METADATA_HOSTNAME",
};

const CLOUDS: Readonly<Record<string, CloudEndpoints>> = {
  public: { loginEndpoint: "https://login.microsoftonline.com", graphEndpoint: "https://graph.microsoft.com" },
  usgovernment: { loginEndpoint: "https://login.microsoftonline.us", graphEndpoint: "https://graph.microsoft.us" },
  china: { loginEndpoint: "https://login.chinacloudapi.cn", graphEndpoint: "https://microsoftgraph.chinacloudapi.cn" },
};

/** Provider config wins over the environment; a missing credential is an error naming both places. */
export function resolveSettings(config: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): ProviderSettings {
  const pick = (key: keyof typeof ENV_NAMES): string | undefined => {
    const fromConfig = config[key];
    if (typeof fromConfig === "string" && fromConfig !== "") return fromConfig;
    const fromEnv = env[ENV_NAMES[key]];
    return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
  };
  const missing = (["tenantId", "clientId", "clientSecret"] as const).filter((key) => pick(key) === undefined);
  if (missing.length > 0) {
    throw new ProviderError(
      "CONFIG_MISSING",
      `the substitute azuread provider has no ${missing.map((k) => `azuread:${k}`).join(", ")}`,
      `set ${missing.map((k) => `azuread:${k} (or ${ENV_NAMES[k]})`).join(", ")}; it signs in with a client secret only`,
    );
  }
  const environment = typeof config["environment"] === "string" && config["environment"] !== "" ? config["environment"] : (env["ARM_ENVIRONMENT"] ?? "public");
  return {
    tenantId: pick("tenantId") ?? "",
    clientId: pick("clientId") ?? "",
    clientSecret: pick("clientSecret") ?? "",
    metadataHost: pick("metadataHost"),
    environment,
  };
}

export async function resolveEndpoints(settings: ProviderSettings, http: HttpOptions): Promise<CloudEndpoints> {
  if (settings.metadataHost !== undefined) {
    const answer = await httpJson(http, "GET", `https://${settings.metadataHost}/metadata/endpoints?api-version=2022-09-01`, { accept: "application/json" });
    if (answer.status !== 200) {
      throw new ProviderError("CONFIG_MISSING", `https://${settings.metadataHost}/metadata/endpoints answered ${answer.status}`, "check azuread:metadataHost (host:port of the cloud's metadata endpoint)");
    }
    // The same reading of the document as the program's (both follow the provider's rules).
    const cloud = endpointsFromMetadata(answer.json, settings.metadataHost);
    return { loginEndpoint: cloud.authorityHost, graphEndpoint: cloud.graphEndpoint };
  }
  const cloud = CLOUDS[settings.environment];
  if (cloud === undefined) {
    throw new ProviderError("CONFIG_MISSING", `azuread:environment "${settings.environment}" is not known`, `use one of ${Object.keys(CLOUDS).join(", ")}, or set azuread:metadataHost`);
  }
  return cloud;
}
