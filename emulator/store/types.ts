// The directory's records and the store interface handlers use. Records hold what Entra keeps
// (including secret *hashes*); the Graph JSON projection lives in graph/shapes.ts.
import type { KeyObject } from "node:crypto";

export interface ReplicationDelays {
  applicationMs: number;
  secretMs: number;
  roleAssignmentMs: number;
}

export interface Tenant {
  id: string;
  displayName: string;
  domain: string;                      // "<name>.onmicrosoft.com", accepted in token URLs like the id
  createdAt: number;
  replication: ReplicationDelays;
  /** Conditional Access stand-in: blocks token issuance (AADSTS53003) for all or listed app ids. */
  conditionalAccess: { blockAll: boolean; blockedAppIds: Set<string> };
  graphServicePrincipalId: string;
}

export interface PasswordCredentialRecord {
  keyId: string;
  displayName: string | null;
  hint: string;                        // first 3 characters, as Graph shows
  startDateTime: number;
  endDateTime: number;
  /** The two dates as Graph answers them (see graph/dates.ts); absent in state saved before they were kept. */
  startDateTimeText?: string;
  endDateTimeText?: string;
  createdAt: number;
  salt: string;
  hash: string;                        // scrypt(secret, salt); the secret itself is never stored
}

export interface KeyCredentialRecord {
  keyId: string;
  displayName: string | null;
  type: string;                        // "AsymmetricX509Cert"
  usage: string;                       // "Verify"
  startDateTime: number;
  endDateTime: number;
  startDateTimeText?: string;
  endDateTimeText?: string;
  customKeyIdentifier: string;         // base64 of the SHA-1 thumbprint
  thumbprintSha1: string;              // base64url, as x5t
  thumbprintSha256: string;            // base64url, as x5t#S256
  publicKey: KeyObject;
  createdAt: number;
}

export interface FederatedIdentityCredentialRecord {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
  /** Emulator clock at creation: token requests see it once the tenant's secret replication delay has passed. */
  createdAt: number;
}

export interface ApplicationRecord {
  id: string;
  appId: string;
  displayName: string;
  description: string | null;
  notes: string | null;
  signInAudience: string;
  identifierUris: string[];
  tags: string[];
  requiredResourceAccess: unknown[];
  appRoles: AppRole[];
  passwordCredentials: PasswordCredentialRecord[];
  keyCredentials: KeyCredentialRecord[];
  federatedIdentityCredentials: FederatedIdentityCredentialRecord[];
  owners: string[];                    // object ids of owning service principals / users
  /** Properties Graph accepts that the emulator only stores and echoes (web, spa, api, …). */
  extra: Record<string, unknown>;
  createdAt: number;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin?: string;
}

export interface PermissionScope {
  id: string;
  value: string;
  type: string;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string;
  userConsentDescription: string;
  isEnabled: boolean;
}

export interface ServicePrincipalRecord {
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
  appOwnerOrganizationId: string;
  servicePrincipalNames: string[];
  servicePrincipalType: string;
  signInAudience: string;
  tags: string[];
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  appRoleAssignmentRequired: boolean;
  notes: string | null;
  owners: string[];
  /** Writable Graph properties the emulator gives no behaviour (loginUrl, samlSingleSignOnSettings, …), echoed as written. */
  extra: Record<string, unknown>;
  createdAt: number;
}

export interface AppRoleAssignmentRecord {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: string;
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  createdAt: number;
}

/** Directory objects that are only read (seeded users, groups, the organization). */
export type DirectoryObject = Record<string, unknown> & { id: string };

export interface TenantData {
  tenant: Tenant;
  users: DirectoryObject[];
  groups: DirectoryObject[];
  organization: DirectoryObject;
}

/**
 * The directory store: every tenant's objects. In memory today; handlers only go through this
 * interface, so a persistent store could replace it (as Azurite swaps its metadata stores).
 */
export interface DirectoryStore {
  addTenant(data: TenantData): void;
  /** By tenant id or by its onmicrosoft.com domain, case-insensitively. */
  findTenant(idOrDomain: string): Tenant | undefined;
  tenantData(tenantId: string): TenantData | undefined;
  tenants(): Tenant[];

  applications(tenantId: string): ApplicationRecord[];
  addApplication(tenantId: string, app: ApplicationRecord): void;
  removeApplication(tenantId: string, id: string): boolean;

  servicePrincipals(tenantId: string): ServicePrincipalRecord[];
  addServicePrincipal(tenantId: string, sp: ServicePrincipalRecord): void;
  removeServicePrincipal(tenantId: string, id: string): boolean;

  appRoleAssignments(tenantId: string): AppRoleAssignmentRecord[];
  addAppRoleAssignment(tenantId: string, assignment: AppRoleAssignmentRecord): void;
  removeAppRoleAssignment(tenantId: string, id: string): boolean;
}
