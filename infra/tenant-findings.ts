// What the tenant holds against what the stack's last update left, read before the program plans
// (tenant-view.ts reads, this judges; pure). Each finding is one drift an admin can cause in the
// portal, with what this update does about it and what the user must do. Pulumi.yaml sets
// `options.refresh: always`: every `pulumi up`, `preview` and `destroy` first reads the stack's
// resources back, so a deleted object is dropped from the state and created again by that same
// update (never a failing delete of what is gone). The program cannot see the state, so it judges
// the tenant against the last outputs and says what the update does:
// - the application or its service principal deleted: created again (a new client id for an app);
// - the active secret deleted: a new one in its slot; consumers must take the new secret;
// - the previous secret deleted: a new, unused one in its slot until the next rotation;
// - a grant the stack does not declare: reported (least privilege), never removed;
// - a password with this stack's display name that the stack does not track (an interrupted update
//   made it): named, with the command that removes it.

export interface TenantPassword {
  readonly keyId: string;
  readonly displayName: string;
  readonly endDateTime: string;
}

export interface TenantGrant {
  readonly appRoleId: string;
  readonly resourceId: string;
  readonly resourceDisplayName: string;
}

/** What Graph answered; undefined where the object is gone (404). */
export interface TenantSnapshot {
  readonly passwords: readonly TenantPassword[] | undefined;
  readonly grants: readonly TenantGrant[] | undefined;
}

/** From the stack's last outputs. */
export interface TrackedIdentity {
  readonly clientId: string;
  readonly applicationObjectId: string;
  readonly servicePrincipalObjectId: string;
  readonly activeKeyId?: string | undefined;
  /** Absent on stacks last deployed before this output existed, and while there is one slot. */
  readonly previousKeyId?: string | undefined;
  /** How many password slots the last update left (1 or 2); 0 when secretless. */
  readonly slotCount: number;
}

export interface DeclaredGrants {
  readonly graphServicePrincipalId: string;
  /** Graph app role id → permission name (the tenant's Microsoft Graph service principal). */
  readonly graphRoleNames: ReadonlyMap<string, string>;
  readonly declaredRoleIds: ReadonlySet<string>;
}

export type FindingCode = "APPLICATION_DELETED" | "SERVICE_PRINCIPAL_DELETED" | "ACTIVE_SECRET_DELETED" | "PREVIOUS_SECRET_DELETED" | "UNDECLARED_GRANT" | "UNTRACKED_PASSWORD";

export interface Finding {
  readonly code: FindingCode;
  readonly message: string;
}


/** For a run without the project's refresh (`--refresh=false`, or a Pulumi.yaml without `options.refresh`). */
const REFRESH_NOTE = "With `--refresh=false`, run `pulumi refresh --yes` first.";

/** The prefix of every password display name this stack writes (client-secret.ts slotDisplayName). */
export const managedPasswordPrefix = (managedBy: string) => `managed by Pulumi stack ${managedBy} (`;

export function tenantFindings(tracked: TrackedIdentity, snapshot: TenantSnapshot, declared: DeclaredGrants, managedBy: string): Finding[] {
  const app = `application ${tracked.clientId} (object id ${tracked.applicationObjectId})`;
  if (snapshot.passwords === undefined) {
    return [{
        code: "APPLICATION_DELETED",
        message:
          `the ${app} recorded by this stack no longer exists: it was deleted outside Pulumi. \`pulumi up\` (which refreshes first) registers a new application with a NEW client id, ` +
          "and every consumer must move to it. To keep the client id instead, restore the application within 30 days (Entra admin center → App registrations → " +
          "Deleted applications → Restore) before the next `pulumi up`. " + REFRESH_NOTE,
    }];
  }
  const findings: Finding[] = [];
  if (snapshot.grants === undefined) {
    findings.push({
      code: "SERVICE_PRINCIPAL_DELETED",
      message: `the service principal ${tracked.servicePrincipalObjectId} of ${app} was deleted outside Pulumi, and with it every admin consent: tokens carry no roles. \`pulumi up\` creates the service principal and its grants again (the client id and secrets stay). ${REFRESH_NOTE}`,
    });
  }

  const present = new Set(snapshot.passwords.map((p) => p.keyId.toLowerCase()));
  const gone = (keyId: string | undefined) => keyId !== undefined && !present.has(keyId.toLowerCase());
  if (gone(tracked.activeKeyId)) {
    findings.push({
      code: "ACTIVE_SECRET_DELETED",
      message: `the active client secret (keyId ${tracked.activeKeyId ?? ""}) of ${app} was deleted outside Pulumi: every consumer using it fails to sign in. \`pulumi up\` creates a new secret in its slot (a new keyId); give consumers the new \`clientSecret\` output (or the Key Vault copy). ${REFRESH_NOTE}`,
    });
  }
  if (gone(tracked.previousKeyId)) {
    findings.push({
      code: "PREVIOUS_SECRET_DELETED",
      message: `the previous client secret (keyId ${tracked.previousKeyId ?? ""}) of ${app} was deleted outside Pulumi: consumers not yet on the active secret fail now. \`pulumi up\` puts a new secret, which no consumer holds, in its slot until the next rotation replaces it as planned. ${REFRESH_NOTE}`,
    });
  }

  for (const grant of snapshot.grants ?? []) {
    const isGraph = grant.resourceId.toLowerCase() === declared.graphServicePrincipalId.toLowerCase();
    if (isGraph && declared.declaredRoleIds.has(grant.appRoleId)) continue;
    const what = isGraph ? `Microsoft Graph ${declared.graphRoleNames.get(grant.appRoleId) ?? `app role ${grant.appRoleId}`}` : `app role ${grant.appRoleId} of ${grant.resourceDisplayName} (${grant.resourceId})`;
    findings.push({
      code: "UNDECLARED_GRANT",
      message: `${what} is granted to the service principal of ${app}, but the stack does not declare it: it was granted outside Pulumi, and the stack leaves it in place. Least privilege: remove it (Enterprise applications → the app → Permissions), or add it to \`permissions\`.`,
    });
  }

  // Only when every tracked key id is known: a stack from before previousClientSecretKeyId has an untracked-looking previous secret.
  const known = [tracked.activeKeyId, tracked.previousKeyId].filter((k): k is string => k !== undefined).map((k) => k.toLowerCase());
  if (known.length === tracked.slotCount && tracked.slotCount > 0) {
    for (const password of snapshot.passwords) {
      if (!password.displayName.startsWith(managedPasswordPrefix(managedBy)) || known.includes(password.keyId.toLowerCase())) continue;
      findings.push({
        code: "UNTRACKED_PASSWORD",
        message:
          `a password with this stack's name (keyId ${password.keyId}, ends ${password.endDateTime}) is on ${app} but not in the stack's last outputs: an interrupted \`pulumi up\` made it. ` +
          `Unless \`pulumi stack export\` lists keyId ${password.keyId} (then the next update finishes with it), no consumer holds it: remove it with ` +
          `\`az ad app credential delete --id ${tracked.clientId} --key-id ${password.keyId}\`.`,
      });
    }
  }
  return findings;
}
