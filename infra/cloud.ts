// Which Entra ID authority and which Microsoft Graph a stack talks to, from the azuread provider's
// own `environment` setting, so the outputs always match the cloud the resources were created in.

export type CloudName = "public" | "usgovernment" | "usgovernmentl5" | "china";

export interface CloudEndpoints {
  readonly name: CloudName;
  /** Token authority, without a trailing slash (`{authorityHost}/{tenant}/oauth2/v2.0/token`). */
  readonly authorityHost: string;
  /** Microsoft Graph root, without a trailing slash; the client-credentials scope is `{graphEndpoint}/.default`. */
  readonly graphEndpoint: string;
}

/**
 * A cloud named by `azuread:metadataHost` (host:port of an Azure Resource Manager metadata endpoint,
 * e.g. Azure Stack or the project's emulator): its endpoints are read from that host when the program
 * runs (cloud-metadata.ts), as the azuread provider reads them.
 */
export interface CustomCloud {
  readonly name: "custom";
  readonly metadataHost: string;
}

/** host or host:port, no scheme and no path: the form the azuread provider's `metadataHost` takes. */
export const METADATA_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;

// Hosts from Microsoft's national cloud deployment list
// (https://learn.microsoft.com/graph/deployments: Microsoft Graph and its token authority per cloud).
const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  public: {
    name: "public",
    authorityHost: "https://login.microsoftonline.com",
    graphEndpoint: "https://graph.microsoft.com",
  },
  usgovernment: {
    name: "usgovernment",
    authorityHost: "https://login.microsoftonline.us",
    graphEndpoint: "https://graph.microsoft.us",
  },
  usgovernmentl5: {
    name: "usgovernmentl5",
    authorityHost: "https://login.microsoftonline.us",
    graphEndpoint: "https://dod-graph.microsoft.us",
  },
  china: {
    name: "china",
    authorityHost: "https://login.chinacloudapi.cn",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
  },
};

/**
 * The values the azuread provider accepts for `azuread:environment` / `ARM_ENVIRONMENT`
 * (@pulumi/azuread 6.9.1 config docs: `global` (also `public`), `usgovernmentl4` (also
 * `usgovernment`), `usgovernmentl5` (also `dod`), `china`; default `global`).
 */
const ALIASES: Readonly<Record<string, CloudName>> = {
  global: "public",
  public: "public",
  usgovernmentl4: "usgovernment",
  usgovernment: "usgovernment",
  usgovernmentl5: "usgovernmentl5",
  dod: "usgovernmentl5",
  china: "china",
};

export const ENVIRONMENT_NAMES: readonly string[] = Object.keys(ALIASES);

/** Endpoints for a provider environment name (case-insensitive; unset = public), or undefined if unknown. */
export function cloudFor(environment: string | undefined): CloudEndpoints | undefined {
  const key = (environment ?? "").trim().toLowerCase();
  const name = key === "" ? "public" : ALIASES[key];
  return name === undefined ? undefined : CLOUDS[name];
}
