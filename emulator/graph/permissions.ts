// Which application permissions (token `roles`) allow which Graph operation. Least privileged
// first; from Microsoft's per-API permission tables (and FACTS.md).

export const READ_USERS = ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"] as const;
export const READ_GROUPS = ["Group.ReadBasic.All", "GroupMember.Read.All", "Group.Read.All", "GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"] as const;
export const READ_ORGANIZATION = ["Organization.Read.All", "Organization.ReadWrite.All", "User.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"] as const;
/** Reading every application and service principal. Application.ReadWrite.OwnedBy reads only owned ones. */
export const READ_APPLICATIONS = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"] as const;
export const OWNED_BY = "Application.ReadWrite.OwnedBy";
/** Creating and changing any application or service principal. */
export const WRITE_APPLICATIONS = ["Application.ReadWrite.All"] as const;
/** Granting and revoking app role assignments; Graph also needs the caller to read the objects. */
export const WRITE_ASSIGNMENTS = ["AppRoleAssignment.ReadWrite.All"] as const;
export const READ_ASSIGNMENTS = ["Application.Read.All", "Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"] as const;
