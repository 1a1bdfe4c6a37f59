// GET /users, /groups, /organization (and single items): the seeded, read-only directory.
import { GRAPH, GraphFailure } from "../errors.ts";
import { requireAnyRole } from "./auth.ts";
import { collectionPage, entityBody } from "./odata.ts";
import type { CollectionSpec } from "./odata.ts";
import { READ_GROUPS, READ_ORGANIZATION, READ_USERS } from "./permissions.ts";
import type { GraphRequest, GraphResult } from "./request.ts";

const USERS: CollectionSpec = {
  entitySet: "users", typeName: "user", filterable: ["id", "displayName", "userPrincipalName", "mail", "givenName", "surname"],
  // Graph returns this default property set for users unless $select asks for more.
  defaultProperties: ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"],
};
const GROUPS: CollectionSpec = { entitySet: "groups", typeName: "group", filterable: ["id", "displayName", "mailNickname", "mail"] };
const ORGANIZATION: CollectionSpec = { entitySet: "organization", typeName: "organization", filterable: ["id"] };

type Kind = "users" | "groups" | "organization";
const SPECS: Record<Kind, { spec: CollectionSpec; roles: readonly string[] }> = {
  users: { spec: USERS, roles: READ_USERS },
  groups: { spec: GROUPS, roles: READ_GROUPS },
  organization: { spec: ORGANIZATION, roles: READ_ORGANIZATION },
};

function itemsOf(request: GraphRequest, kind: Kind): Record<string, unknown>[] {
  const data = request.emulator.directory.store.tenantData(request.caller.tenant.id);
  if (!data) return [];
  return kind === "organization" ? [data.organization] : kind === "users" ? data.users : data.groups;
}

export function listDirectoryObjects(kind: Kind) {
  return (request: GraphRequest): GraphResult => {
    const { spec, roles } = SPECS[kind];
    requireAnyRole(request.caller, roles);
    return { status: 200, body: collectionPage(request.url, request.emulator.origin, spec, itemsOf(request, kind)) };
  };
}

export function getDirectoryObject(kind: Kind) {
  return (request: GraphRequest): GraphResult => {
    const { spec, roles } = SPECS[kind];
    requireAnyRole(request.caller, roles);
    const key = request.key?.value ?? "";
    const item = itemsOf(request, kind).find((candidate) =>
      String(candidate.id).toLowerCase() === key.toLowerCase()
      || (kind === "users" && String(candidate.userPrincipalName).toLowerCase() === key.toLowerCase()));
    if (!item) throw new GraphFailure(GRAPH.NOT_FOUND, key);
    return { status: 200, body: entityBody(request.url, request.emulator.origin, spec, item) };
  };
}
