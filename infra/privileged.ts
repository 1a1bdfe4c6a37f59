// High-privilege Microsoft Graph application permissions: requesting one fails unless the stack
// lists it in `allowPrivileged`. A constant on purpose: the program must not depend on any file
// outside the repository at run time.
//
// Every permission whose `application.privilegeLevel` is 4, the highest level in the Microsoft Graph
// permission catalog (microsoftgraph/microsoft-graph-devx-content, commit 6cbd6bb, 2026-08-07; the
// project's copy is test/fixtures/graph-permissions.json). That set contains every `*.ReadWrite.All`
// at the highest level, and Directory.ReadWrite.All, RoleManagement.ReadWrite.Directory,
// AppRoleAssignment.ReadWrite.All and Application.ReadWrite.All. Sorted case-insensitively.
// test/infra/privileged.test.ts re-derives it from the catalog, so a catalog update shows up as a
// failing test.

export const PRIVILEGED_PERMISSIONS: readonly string[] = Object.freeze([
  "AgentIdentity.CreateAsManager",
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "BackupRestore-Configuration.Read.All",
  "BackupRestore-Configuration.ReadWrite.All",
  "BackupRestore-Control.Read.All",
  "BackupRestore-Control.ReadWrite.All",
  "BackupRestore-Restore.Read.All",
  "BackupRestore-Restore.ReadWrite.All",
  "BackupRestore-Search.Read.All",
  "Calendars.Read",
  "ChannelMessage.Read.All",
  "ChannelMessage.Read.Group",
  "Chat.Read.All",
  "Chat.ReadWrite.All",
  "ConsentRequest.ReadWrite.All",
  "CustomSecAttributeAssignment.ReadWrite.All",
  "CustomSecAttributeDefinition.ReadWrite.All",
  "CustomSecAttributeProvisioning.Read.All",
  "CustomSecAttributeProvisioning.ReadWrite.All",
  "DelegatedPermissionGrant.ReadWrite.All",
  "Device.ReadWrite.All",
  "DeviceManagementConfiguration.Read.All",
  "Directory.ReadWrite.All",
  "Domain-InternalFederation.ReadWrite.All",
  "Domain.ReadWrite.All",
  "EduRoster.ReadWrite.All",
  "EngagementConversation.Migration.All",
  "EngagementRole.ReadWrite.All",
  "EntitlementManagement.ReadWrite.All",
  "Files.Read.All",
  "Files.ReadWrite.All",
  "Group-Conversation.Read.All",
  "Group-Conversation.ReadWrite.All",
  "Group.ReadWrite.All",
  "GroupMember.ReadWrite.All",
  "IdentityProvider.ReadWrite.All",
  "IdentityRiskyUser.ReadWrite.All",
  "LicenseAssignment.ReadWrite.All",
  "MutualTlsOauthConfiguration.Read.All",
  "MutualTlsOauthConfiguration.ReadWrite.All",
  "NetworkAccess.ReadWrite.All",
  "Organization.ReadWrite.All",
  "Policy.ReadWrite.AuthenticationMethod",
  "Policy.ReadWrite.ConditionalAccess",
  "Policy.ReadWrite.ConsentRequest",
  "Policy.ReadWrite.CrossTenantAccess",
  "Policy.ReadWrite.PermissionGrant",
  "PrintJob.ReadWrite.All",
  "RoleManagement.ReadWrite.Directory",
  "SecurityCopilotWorkspaces.ReadWrite.All",
  "SharePointCrossTenantMigration.Manage.All",
  "Sites.FullControl.All",
  "Sites.Manage.All",
  "Sites.Read.All",
  "Sites.ReadWrite.All",
  "Synchronization.ReadWrite.All",
  "Tasks.ReadWrite.All",
  "TeamsAppInstallation.ReadWriteAndConsentForUser.All",
  "User-PasswordProfile.ReadWrite.All",
  "User.DeleteRestore.All",
  "User.EnableDisableAccount.All",
  "User.ReadWrite.All",
  "UserAuthenticationMethod.ReadWrite.All",
]);

/**
 * Narrower application permissions to suggest instead of a privileged one. Curated by hand: each
 * alternative is a real application permission below the highest privilege level (checked against the
 * catalog by the tests), and fits only some uses (read-only instead of read-write, or access granted
 * per site / per app instead of tenant-wide), so it is a suggestion, never a substitution.
 */
export const NARROWER_ALTERNATIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "Application.ReadWrite.All": ["Application.ReadWrite.OwnedBy"],
  "Calendars.Read": ["Calendars.ReadBasic.All"],
  "Chat.Read.All": ["Chat.ReadBasic.All", "Chat.Read.WhereInstalled"],
  "Chat.ReadWrite.All": ["Chat.ReadWrite.WhereInstalled"],
  "ConsentRequest.ReadWrite.All": ["ConsentRequest.Read.All"],
  "CustomSecAttributeAssignment.ReadWrite.All": ["CustomSecAttributeAssignment.Read.All"],
  "CustomSecAttributeDefinition.ReadWrite.All": ["CustomSecAttributeDefinition.Read.All"],
  "Device.ReadWrite.All": ["Device.Read.All"],
  "Directory.ReadWrite.All": ["Directory.Read.All"],
  "Domain.ReadWrite.All": ["Domain.Read.All"],
  "EntitlementManagement.ReadWrite.All": ["EntitlementManagement.Read.All"],
  "Files.Read.All": ["Files.SelectedOperations.Selected", "Sites.Selected"],
  "Files.ReadWrite.All": ["Files.SelectedOperations.Selected", "Sites.Selected"],
  "Group.ReadWrite.All": ["Group.Read.All", "Group.Create"],
  "GroupMember.ReadWrite.All": ["GroupMember.Read.All"],
  "IdentityProvider.ReadWrite.All": ["IdentityProvider.Read.All"],
  "IdentityRiskyUser.ReadWrite.All": ["IdentityRiskyUser.Read.All"],
  "LicenseAssignment.ReadWrite.All": ["LicenseAssignment.Read.All"],
  "Organization.ReadWrite.All": ["Organization.Read.All"],
  "Policy.ReadWrite.ConditionalAccess": ["Policy.Read.ConditionalAccess"],
  "Policy.ReadWrite.PermissionGrant": ["Policy.Read.PermissionGrant"],
  "RoleManagement.ReadWrite.Directory": ["RoleManagement.Read.Directory"],
  "Sites.FullControl.All": ["Sites.Selected"],
  "Sites.Manage.All": ["Sites.Selected"],
  "Sites.Read.All": ["Sites.Selected"],
  "Sites.ReadWrite.All": ["Sites.Selected"],
  "Synchronization.ReadWrite.All": ["Synchronization.Read.All"],
  "Tasks.ReadWrite.All": ["Tasks.Read.All"],
  "User.ReadWrite.All": ["User.Read.All", "User.ReadBasic.All"],
  "UserAuthenticationMethod.ReadWrite.All": ["UserAuthenticationMethod.Read.All"],
});

const privilegedLower = new Set(PRIVILEGED_PERMISSIONS.map((p) => p.toLowerCase()));

export function isPrivileged(permission: string): boolean {
  return privilegedLower.has(permission.toLowerCase());
}
