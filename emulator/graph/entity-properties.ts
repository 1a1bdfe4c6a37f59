// The structural properties Microsoft Graph v1.0 declares on application and servicePrincipal (with
// directoryObject's id and deletedDateTime), from the v1.0 CSDL (microsoftgraph/msgraph-metadata,
// EntityType Name="application" / "servicePrincipal"). A write naming anything else is refused, as
// Graph refuses it; a write naming one of these is accepted. Read-only ones are accepted only with
// the value they already have: clients such as the azuread provider send back the object they read.
import { GRAPH, GraphFailure } from "../errors.ts";

export const APPLICATION_PROPERTIES = [
  "id", "deletedDateTime", "addIns", "api", "appId", "applicationTemplateId", "appRoles", "authenticationBehaviors",
  "certification", "createdDateTime", "defaultRedirectUri", "description", "disabledByMicrosoftStatus", "displayName",
  "groupMembershipClaims", "identifierUris", "info", "isDeviceOnlyAuthSupported", "isFallbackPublicClient", "keyCredentials",
  "logo", "nativeAuthenticationApisEnabled", "notes", "oauth2RequirePostResponse", "optionalClaims", "parentalControlSettings",
  "passwordCredentials", "publicClient", "publisherDomain", "requestSignatureVerification", "requiredResourceAccess",
  "samlMetadataUrl", "serviceManagementReference", "servicePrincipalLockConfiguration", "signInAudience", "spa", "tags",
  "tokenEncryptionKeyId", "uniqueName", "verifiedPublisher", "web",
] as const;

export const SERVICE_PRINCIPAL_PROPERTIES = [
  "id", "deletedDateTime", "accountEnabled", "addIns", "alternativeNames", "appDescription", "appDisplayName", "appId",
  "applicationTemplateId", "appOwnerOrganizationId", "appRoleAssignmentRequired", "appRoles", "customSecurityAttributes",
  "description", "disabledByMicrosoftStatus", "displayName", "homepage", "info", "keyCredentials", "loginUrl", "logoutUrl",
  "notes", "notificationEmailAddresses", "oauth2PermissionScopes", "passwordCredentials", "preferredSingleSignOnMode",
  "preferredTokenSigningKeyThumbprint", "replyUrls", "resourceSpecificApplicationPermissions", "samlSingleSignOnSettings",
  "servicePrincipalNames", "servicePrincipalType", "signInAudience", "tags", "tokenEncryptionKeyId", "verifiedPublisher",
] as const;

/** Set by Graph (or only through an action): a write may repeat the current value, never change it. */
export const APPLICATION_READ_ONLY = new Set([
  "id", "deletedDateTime", "appId", "applicationTemplateId", "certification", "createdDateTime", "disabledByMicrosoftStatus",
  "publisherDomain", "verifiedPublisher",
]);
export const SERVICE_PRINCIPAL_READ_ONLY = new Set([
  "id", "deletedDateTime", "appDescription", "appDisplayName", "applicationTemplateId", "appOwnerOrganizationId",
  "disabledByMicrosoftStatus", "resourceSpecificApplicationPermissions", "servicePrincipalType", "signInAudience", "verifiedPublisher",
]);

/** Navigation properties a write may bind (`owners@odata.bind`). */
const BINDABLE = new Set(["owners@odata.bind"]);

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Refuses what Graph refuses in a write body: an unknown property (Graph's own message), a read-only
 * one with another value than `current` has. `@odata.type` and other annotations pass.
 */
export function checkWriteProperties(
  body: Record<string, unknown>, typeName: "application" | "servicePrincipal", current: Record<string, unknown> | undefined,
): void {
  const known: ReadonlySet<string> = new Set(typeName === "application" ? APPLICATION_PROPERTIES : SERVICE_PRINCIPAL_PROPERTIES);
  const readOnly = typeName === "application" ? APPLICATION_READ_ONLY : SERVICE_PRINCIPAL_READ_ONLY;
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith("@odata.") || BINDABLE.has(name)) continue;
    if (!known.has(name)) throw new GraphFailure(GRAPH.UNKNOWN_PROPERTY, name, typeName);
    if (readOnly.has(name) && !(current !== undefined && sameJson(value, current[name])) && !(current === undefined && value === null)) {
      throw new GraphFailure(GRAPH.BAD_REQUEST, `Property '${name}' is read-only and cannot be set.`);
    }
  }
}
