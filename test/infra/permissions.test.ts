import { describe, expect, it } from "vitest";
import { closestMatches, editDistance } from "../../infra/closest.ts";
import { ConfigError } from "../../infra/errors.ts";
import { applicationCounterpart, resolvePermissions } from "../../infra/permissions.ts";
import { APP_ROLE_IDS, GRAPH_TABLES } from "./fixtures/graph-service-principal.ts";

function problemsOf(requested: string[], allow: string[] = []) {
  try {
    resolvePermissions(requested, allow, GRAPH_TABLES);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("resolvePermissions", () => {
  it("maps names to the tenant's app role ids, in the order given", () => {
    expect(resolvePermissions(["User.Read.All", "Group.Read.All"], [], GRAPH_TABLES)).toEqual([
      { name: "User.Read.All", appRoleId: "df021288-bdef-4463-88db-98f22de89214" },
      { name: "Group.Read.All", appRoleId: "5b567255-7703-4780-807c-7be8301ae99b" },
    ]);
  });

  it("uses whatever ids the tenant's Graph service principal publishes", () => {
    const tenant = { appRoleIds: { "User.Read.All": "00000000-0000-0000-0000-0000000000aa" }, oauth2PermissionScopeIds: {} };
    expect(resolvePermissions(["User.Read.All"], [], tenant)).toEqual([
      { name: "User.Read.All", appRoleId: "00000000-0000-0000-0000-0000000000aa" },
    ]);
  });

  it.each([
    ["User.Reed.All", ["User.Read.All"]],
    ["Group.Raed.All", ["Group.Read.All"]],
    ["user.read.all", ["User.Read.All"]],
    ["MAIL.SEND", ["Mail.Send"]],
  ])("rejects unknown %s and suggests %j", (name, suggestions) => {
    const [problem] = problemsOf([name]);
    expect(problem).toMatchObject({ key: "permissions[0]", code: "PERMISSION_UNKNOWN", value: name });
    expect(problem?.suggestions?.[0]).toBe(suggestions[0]);
  });

  it("puts the right casing first when only the case is wrong", () => {
    expect(problemsOf(["user.readbasic.all"])[0]?.suggestions?.[0]).toBe("User.ReadBasic.All");
  });

  it("offers no suggestion for a name nothing resembles", () => {
    const [problem] = problemsOf(["Quantum.Teleport.Everything"]);
    expect(problem?.code).toBe("PERMISSION_UNKNOWN");
    expect(problem?.suggestions).toBeUndefined();
  });

  it.each([
    ["User.Read", "User.Read.All"],
    ["Calendars.ReadBasic", "Calendars.ReadBasic.All"],
  ])("rejects delegated-only %s and names the application permission %s", (name, instead) => {
    const [problem] = problemsOf([name]);
    expect(problem).toMatchObject({ code: "PERMISSION_DELEGATED_ONLY", value: name });
    expect(problem?.suggestions?.[0]).toBe(instead);
  });

  it("falls back to the closest application permission when X.All does not exist", () => {
    // Mail.Read.Shared is delegated only and Mail.Read.Shared.All does not exist.
    expect(applicationCounterpart("Mail.Read.Shared", GRAPH_TABLES)[0]).toBe("Mail.Read");
  });

  it.each([
    ["Directory.ReadWrite.All", ["Directory.Read.All"]],
    ["Application.ReadWrite.All", ["Application.ReadWrite.OwnedBy"]],
    ["Sites.ReadWrite.All", ["Sites.Selected"]],
    ["AppRoleAssignment.ReadWrite.All", []],
    ["RoleManagement.ReadWrite.Directory", []], // its narrower permission is not in this tenant's table
  ])("rejects privileged %s unless allowed, suggesting %j", (name, narrower) => {
    const [problem] = problemsOf([name]);
    expect(problem).toMatchObject({ code: "PERMISSION_PRIVILEGED", value: name });
    expect(problem?.suggestions ?? []).toEqual(narrower);
    expect(resolvePermissions([name], [name], GRAPH_TABLES)).toEqual([{ name, appRoleId: APP_ROLE_IDS[name] }]);
  });

  it("accepts allowPrivileged entries regardless of case", () => {
    expect(resolvePermissions(["Application.ReadWrite.All"], ["application.readwrite.all"], GRAPH_TABLES)).toHaveLength(1);
  });

  it("does not treat an allowed privileged permission as allowing another", () => {
    expect(problemsOf(["Directory.ReadWrite.All"], ["Application.ReadWrite.All"])[0]?.code).toBe("PERMISSION_PRIVILEGED");
  });

  it("reports every bad permission at once, by position", () => {
    const problems = problemsOf(["User.Read.All", "User.Reed.All", "User.Read", "Directory.ReadWrite.All"]);
    expect(problems.map((p) => [p.key, p.code])).toEqual([
      ["permissions[1]", "PERMISSION_UNKNOWN"],
      ["permissions[2]", "PERMISSION_DELEGATED_ONLY"],
      ["permissions[3]", "PERMISSION_PRIVILEGED"],
    ]);
  });

  it("returns a frozen result", () => {
    expect(Object.isFrozen(resolvePermissions(["Mail.Send"], [], GRAPH_TABLES))).toBe(true);
  });
});

describe("closest names", () => {
  it.each([
    ["Read", "Reed", 1],
    ["Read", "Raed", 1],
    ["User.Read.All", "UserRead.All", 1],
    ["abc", "abc", 0],
    ["", "abc", 3],
  ])("editDistance(%s, %s) = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("ranks by distance and caps the number of suggestions", () => {
    expect(closestMatches("Mail.Reed", ["Mail.Read", "Mail.Send", "Mail.ReadBasic.All", "Mail.Readd"], 2)).toEqual(["Mail.Read", "Mail.Readd"]);
  });
});
