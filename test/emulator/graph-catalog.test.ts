import { describe, expect, it } from "vitest";
import { GRAPH_APP_ROLES, GRAPH_DELEGATED_SCOPES } from "../../emulator/catalog/graph-permissions.ts";
import { graphAppRoles } from "../../emulator/index.ts";

import { catalog } from "../fixtures/catalog.ts";

describe("the Microsoft Graph permission catalog built into the emulator", () => {
  it("has at least 40 application permissions and the common delegated scopes, without duplicates", () => {
    expect(GRAPH_APP_ROLES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(GRAPH_APP_ROLES.map(([value]) => value)).size).toBe(GRAPH_APP_ROLES.length);
    expect(new Set(GRAPH_APP_ROLES.map(([, id]) => id)).size).toBe(GRAPH_APP_ROLES.length);
    expect(GRAPH_DELEGATED_SCOPES.map(([value]) => value)).toEqual(expect.arrayContaining(["User.Read", "Mail.Read", "Files.Read.All"]));
    expect(graphAppRoles.every((role) => role.allowedMemberTypes.length === 1 && role.allowedMemberTypes[0] === "Application")).toBe(true);
  });

  it("matches FACTS.md for the ids the project relies on", () => {
    const ids = Object.fromEntries(GRAPH_APP_ROLES.map(([value, id]) => [value, id]));
    expect(ids).toMatchObject({
      "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
      "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
      "Mail.Send": "b633e1c5-b582-4048-a93e-9f11b44c7e96",
    });
  });

  it.each(GRAPH_APP_ROLES.map(([value, id]) => [value, id]))("application permission %s has Microsoft's id %s", (value, id) => {
    expect(catalog.permissions[value]?.application?.id).toBe(id);
  });

  it.each(GRAPH_DELEGATED_SCOPES.map(([value, id]) => [value, id]))("delegated permission %s has Microsoft's id %s", (value, id) => {
    expect(catalog.permissions[value]?.delegated?.id).toBe(id);
  });
});
