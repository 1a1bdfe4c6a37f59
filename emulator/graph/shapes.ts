// Graph JSON for the directory's records. Secrets never appear: password credentials show only
// their hint and dates (secretText is null), key credentials never echo the key.
import type {
  AppRoleAssignmentRecord, ApplicationRecord, FederatedIdentityCredentialRecord, KeyCredentialRecord,
  PasswordCredentialRecord, ServicePrincipalRecord, Tenant,
} from "../store/types.ts";
import { graphChosenDate, graphSecondsDate } from "./dates.ts";
import { echoStored } from "./echo.ts";

// Records saved before the wire text was kept have none: their dates come back as Graph would have chosen them.
const iso = graphChosenDate;

export function passwordCredentialJson(credential: PasswordCredentialRecord, secretText: string | null = null): Record<string, unknown> {
  return {
    customKeyIdentifier: null, displayName: credential.displayName, endDateTime: credential.endDateTimeText ?? iso(credential.endDateTime),
    hint: credential.hint, keyId: credential.keyId, secretText, startDateTime: credential.startDateTimeText ?? iso(credential.startDateTime),
  };
}

export function keyCredentialJson(key: KeyCredentialRecord): Record<string, unknown> {
  return {
    customKeyIdentifier: key.customKeyIdentifier, displayName: key.displayName, endDateTime: key.endDateTimeText ?? iso(key.endDateTime),
    key: null, keyId: key.keyId, startDateTime: key.startDateTimeText ?? iso(key.startDateTime), type: key.type, usage: key.usage,
  };
}

export function federatedIdentityCredentialJson(credential: FederatedIdentityCredentialRecord): Record<string, unknown> {
  return {
    id: credential.id, name: credential.name, issuer: credential.issuer, subject: credential.subject,
    description: credential.description, audiences: [...credential.audiences],
  };
}

export function applicationJson(app: ApplicationRecord, tenant: Tenant): Record<string, unknown> {
  return echoStored({
    id: app.id, deletedDateTime: null, appId: app.appId, applicationTemplateId: null, disabledByMicrosoftStatus: null,
    createdDateTime: graphSecondsDate(app.createdAt), displayName: app.displayName, description: app.description,
    groupMembershipClaims: null, identifierUris: [...app.identifierUris], isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null, notes: app.notes, publisherDomain: tenant.domain, serviceManagementReference: null,
    signInAudience: app.signInAudience, tags: [...app.tags], tokenEncryptionKeyId: null, uniqueName: null,
    defaultRedirectUri: null, optionalClaims: null, servicePrincipalLockConfiguration: null, oauth2RequirePostResponse: false,
    api: { acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    appRoles: app.appRoles.map((role) => ({ ...role })),
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: app.keyCredentials.map(keyCredentialJson),
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: "Allow" },
    passwordCredentials: app.passwordCredentials.map((credential) => passwordCredentialJson(credential)),
    publicClient: { redirectUris: [] },
    requiredResourceAccess: structuredClone(app.requiredResourceAccess),
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false }, redirectUriSettings: [] },
    spa: { redirectUris: [] }, addIns: [], certification: null, nativeAuthenticationApisEnabled: null, requestSignatureVerification: null,
    samlMetadataUrl: null,
  }, app.extra);
}

export function servicePrincipalJson(sp: ServicePrincipalRecord): Record<string, unknown> {
  const json = echoStored({
    id: sp.id, deletedDateTime: null, accountEnabled: sp.accountEnabled, alternativeNames: [], appDisplayName: sp.displayName,
    appDescription: null, appId: sp.appId, applicationTemplateId: null, appOwnerOrganizationId: sp.appOwnerOrganizationId,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired, createdDateTime: graphSecondsDate(sp.createdAt), description: null,
    disabledByMicrosoftStatus: null, displayName: sp.displayName, homepage: null, loginUrl: null, logoutUrl: null, notes: sp.notes,
    notificationEmailAddresses: [], preferredSingleSignOnMode: null, preferredTokenSigningKeyThumbprint: null, replyUrls: [],
    servicePrincipalNames: [...sp.servicePrincipalNames], servicePrincipalType: sp.servicePrincipalType,
    signInAudience: sp.signInAudience, tags: [...sp.tags], tokenEncryptionKeyId: null,
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null }, samlSingleSignOnSettings: null, samlMetadataUrl: null,
    addIns: [], appRoles: sp.appRoles.map((role) => ({ ...role })), keyCredentials: [],
    oauth2PermissionScopes: sp.oauth2PermissionScopes.map((scope) => ({ ...scope })), passwordCredentials: [],
    resourceSpecificApplicationPermissions: [], verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  }, sp.extra);
  // Graph never echoes a key's bytes in a read (a service principal's keyCredentials are only kept here).
  if (Array.isArray(json.keyCredentials)) json.keyCredentials = json.keyCredentials.map((key: unknown) => (key !== null && typeof key === "object" ? { ...key, key: null } : key));
  return json;
}

export function appRoleAssignmentJson(assignment: AppRoleAssignmentRecord): Record<string, unknown> {
  return {
    id: assignment.id, deletedDateTime: null, appRoleId: assignment.appRoleId, createdDateTime: graphChosenDate(assignment.createdAt),
    principalDisplayName: assignment.principalDisplayName, principalId: assignment.principalId,
    principalType: assignment.principalType, resourceDisplayName: assignment.resourceDisplayName, resourceId: assignment.resourceId,
  };
}
