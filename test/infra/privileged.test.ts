// Cross-checks the constants kept in code against the project's copy of the public permission catalog
// (test/fixtures/graph-permissions.json); the program itself never reads it.
import { describe, expect, it } from "vitest";
import { isPrivileged, NARROWER_ALTERNATIVES, PRIVILEGED_PERMISSIONS } from "../../infra/privileged.ts";
import { catalog as fullCatalog } from "../fixtures/catalog.ts";
import { APP_ROLE_IDS, SCOPE_IDS } from "./fixtures/graph-service-principal.ts";

const catalog = fullCatalog.permissions;

describe("privileged permissions (constant)", () => {
  it.each(["Directory.ReadWrite.All", "RoleManagement.ReadWrite.Directory", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All"])(
    "includes %s",
    (name) => {
      expect(isPrivileged(name)).toBe(true);
    },
  );

  it.each(["User.Read.All", "Group.Read.All", "Mail.Send", "Sites.Selected", "Application.ReadWrite.OwnedBy"])("does not include %s", (name) => {
    expect(isPrivileged(name)).toBe(false);
  });

  it("only suggests alternatives for privileged permissions, never a privileged one", () => {
    for (const [name, alternatives] of Object.entries(NARROWER_ALTERNATIVES)) {
      expect(isPrivileged(name), name).toBe(true);
      for (const alt of alternatives) expect(isPrivileged(alt), alt).toBe(false);
    }
  });
});

describe("privileged permissions against the catalog", () => {
  const entries = Object.entries(catalog);
  const maxLevel = Math.max(...entries.map(([, e]) => e.application?.privilegeLevel ?? 0));

  it("is exactly the application permissions at the catalog's highest privilege level", () => {
    const derived = entries.filter(([, e]) => e.application?.privilegeLevel === maxLevel).map(([n]) => n);
    expect([...PRIVILEGED_PERMISSIONS].sort()).toEqual(derived.sort());
  });

  it("covers every *.ReadWrite.All at the highest level", () => {
    const readWriteAll = entries
      .filter(([n, e]) => n.endsWith(".ReadWrite.All") && e.application?.privilegeLevel === maxLevel)
      .map(([n]) => n);
    expect(readWriteAll.length).toBeGreaterThan(0);
    for (const n of readWriteAll) expect(isPrivileged(n), n).toBe(true);
  });

  it("suggests only real application permissions", () => {
    for (const alt of Object.values(NARROWER_ALTERNATIVES).flat()) {
      expect(catalog[alt]?.application, alt).toBeDefined();
    }
  });

  it("uses the real ids in the test fixture", () => {
    for (const [name, id] of Object.entries(APP_ROLE_IDS)) expect(catalog[name]?.application?.id, name).toBe(id);
    for (const [name, id] of Object.entries(SCOPE_IDS)) expect(catalog[name]?.delegated?.id, name).toBe(id);
  });

  it("has the fixture's delegated-only names without an application permission", () => {
    for (const name of ["User.Read", "Mail.Read.Shared", "Calendars.ReadBasic"]) {
      expect(catalog[name]?.application, name).toBeUndefined();
    }
  });
});
