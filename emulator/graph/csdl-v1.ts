// Property names Microsoft Graph v1.0 declares on application and servicePrincipal, with those of
// their base types (entity: id; directoryObject: deletedDateTime), in CSDL order. Names only: the
// emulator needs to know what Graph accepts, not the types.
//
// Generated once from microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml at
// commit f54f11b60956ea7b185ca0447b2b80805836ec7b, with (one "type kind name" line per property):
//
//   git -C <msgraph-metadata clone> show HEAD:clean_v10_metadata/cleanMetadata.xml | awk '
//     /<EntityType Name="(entity|directoryObject|application|servicePrincipal)"/ { match($0, /Name="[^"]+"/); type = substr($0, RSTART + 6, RLENGTH - 7) }
//     /<\/EntityType>/ { type = "" }
//     type != "" && /<(Navigation)?Property Name=/ { match($0, /Name="[^"]+"/); print type, ($0 ~ /<NavigationProperty/ ? "navigation" : "property"), substr($0, RSTART + 6, RLENGTH - 7) }'
//
// Which of them are read-only is Graph's documented semantics, not the CSDL's (it does not say):
// see entity-properties.ts.

const BASE = ["id", "deletedDateTime"] as const;

export const CSDL_APPLICATION = {
  properties: [
    ...BASE, "addIns", "api", "appId", "applicationTemplateId", "appRoles", "authenticationBehaviors", "certification",
    "createdByAppId", "createdDateTime", "defaultRedirectUri", "description", "disabledByMicrosoftStatus", "displayName",
    "groupMembershipClaims", "identifierUris", "info", "isDeviceOnlyAuthSupported", "isDisabled", "isFallbackPublicClient",
    "keyCredentials", "logo", "managerApplications", "nativeAuthenticationApisEnabled", "notes", "oauth2RequirePostResponse",
    "optionalClaims", "parentalControlSettings", "passwordCredentials", "publicClient", "publisherDomain",
    "requestSignatureVerification", "requiredResourceAccess", "samlMetadataUrl", "serviceManagementReference",
    "servicePrincipalLockConfiguration", "signInAudience", "spa", "tags", "tokenEncryptionKeyId", "uniqueName",
    "verifiedPublisher", "web",
  ],
  navigation: [
    "appManagementPolicies", "createdOnBehalfOf", "extensionProperties", "federatedIdentityCredentials",
    "homeRealmDiscoveryPolicies", "owners", "synchronization", "tokenIssuancePolicies", "tokenLifetimePolicies",
  ],
} as const;

export const CSDL_SERVICE_PRINCIPAL = {
  properties: [
    ...BASE, "accountEnabled", "addIns", "alternativeNames", "appDescription", "appDisplayName", "appId",
    "applicationTemplateId", "appOwnerOrganizationId", "appRoleAssignmentRequired", "appRoles", "createdByAppId",
    "customSecurityAttributes", "description", "disabledByMicrosoftStatus", "displayName", "homepage", "info", "isDisabled",
    "keyCredentials", "loginUrl", "logoutUrl", "notes", "notificationEmailAddresses", "oauth2PermissionScopes",
    "passwordCredentials", "preferredSingleSignOnMode", "preferredTokenSigningKeyThumbprint", "replyUrls",
    "resourceSpecificApplicationPermissions", "samlSingleSignOnSettings", "servicePrincipalNames", "servicePrincipalType",
    "signInAudience", "tags", "tokenEncryptionKeyId", "verifiedPublisher",
  ],
  navigation: [
    "appManagementPolicies", "appRoleAssignedTo", "appRoleAssignments", "claimsMappingPolicies", "createdObjects",
    "delegatedPermissionClassifications", "endpoints", "federatedIdentityCredentials", "homeRealmDiscoveryPolicies", "memberOf",
    "oauth2PermissionGrants", "ownedObjects", "owners", "remoteDesktopSecurityConfiguration", "synchronization",
    "tokenIssuancePolicies", "tokenLifetimePolicies", "transitiveMemberOf",
  ],
} as const;
