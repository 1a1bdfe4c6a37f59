// Azure Resource Manager cloud metadata (`GET /metadata/endpoints?api-version=2022-09-01`), the
// document the azuread provider reads when `azuread:metadataHost` is set. It names where to get tokens
// (`authentication.loginEndpoint`, no trailing slash) and where Graph is (`microsoftGraphResourceId`,
// which is also the token audience: its `/.default` is the scope). Both point at this emulator.

/** The fields of ARM's metadata document a client of a custom cloud reads; the rest is ARM's shape. */
export function cloudMetadata(origin: string): Record<string, unknown> {
  return {
    name: "GraphWorkloadIdentityEmulator",
    portal: origin,
    authentication: {
      loginEndpoint: origin,
      audiences: [`${origin}/`],
      tenant: "common",
      identityProvider: "AAD",
    },
    resourceManager: `${origin}/`,
    microsoftGraphResourceId: `${origin}/`,
    graph: `${origin}/`,
    graphAudience: `${origin}/`,
    activeDirectoryDataLake: "",
    batch: "",
    media: "",
    sqlManagement: "",
    vmImageAliasDoc: "",
    suffixes: {},
  };
}
