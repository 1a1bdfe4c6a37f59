// What a new tenant holds besides apps: a handful of users and groups and the organization
// object, so Graph smoke reads return realistic, pageable collections.
import { newGuid, isoSeconds } from "../ids.ts";
import type { DirectoryObject, Tenant, TenantData } from "./types.ts";

const PEOPLE: ReadonlyArray<readonly [given: string, surname: string, jobTitle: string | null, office: string | null]> = [
  ["Adele", "Vance", "Retail Manager", "18/2111"],
  ["Alex", "Wilber", "Marketing Assistant", "131/1104"],
  ["Diego", "Siciliani", "HR Manager", "14/1108"],
  ["Grady", "Archie", "Designer", "19/2109"],
  ["Isaiah", "Langer", "Sales Rep", "20/1101"],
  ["Johanna", "Lorenz", "Senior Engineer", "23/2102"],
  ["Lee", "Gu", "Director", "23/3101"],
  ["Megan", "Bowen", "Marketing Manager", "12/1110"],
];

const GROUPS: ReadonlyArray<readonly [name: string, description: string, unified: boolean]> = [
  ["All Company", "This is the default group for everyone in the network", true],
  ["Engineering", "Engineering team", false],
  ["Sales and Marketing", "Sales and marketing", true],
  ["Workload Operators", "People who operate the workload identities", false],
];

export function seedTenant(tenant: Tenant): TenantData {
  const created = isoSeconds(tenant.createdAt);
  const users: DirectoryObject[] = PEOPLE.map(([given, surname, jobTitle, office]) => {
    const upn = `${given}${surname.charAt(0)}@${tenant.domain}`.replace(/\s/g, "");
    return {
      id: newGuid(), businessPhones: [], displayName: `${given} ${surname}`, givenName: given, jobTitle,
      mail: upn, mobilePhone: null, officeLocation: office, preferredLanguage: "en-US", surname, userPrincipalName: upn,
      accountEnabled: true, createdDateTime: created, userType: "Member",
    };
  });
  const groups: DirectoryObject[] = GROUPS.map(([name, description, unified]) => ({
    id: newGuid(), deletedDateTime: null, classification: null, createdDateTime: created, description, displayName: name,
    groupTypes: unified ? ["Unified"] : [], mail: unified ? `${name.replace(/\W/g, "")}@${tenant.domain}` : null,
    mailEnabled: unified, mailNickname: name.replace(/\W/g, ""), securityEnabled: !unified, visibility: unified ? "Public" : null,
    securityIdentifier: `S-1-12-1-${Math.floor(Math.random() * 2 ** 31)}`,
  }));
  const organization: DirectoryObject = {
    id: tenant.id, deletedDateTime: null, businessPhones: [], city: null, country: null, countryLetterCode: "US",
    createdDateTime: created, displayName: tenant.displayName, tenantType: "AAD", onPremisesSyncEnabled: null,
    preferredLanguage: "en", technicalNotificationMails: [], assignedPlans: [],
    verifiedDomains: [{ capabilities: "Email, OfficeCommunicationsOnline", isDefault: true, isInitial: true, name: tenant.domain, type: "Managed" }],
  };
  return { tenant, users, groups, organization };
}
