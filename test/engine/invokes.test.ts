import { describe, expect, it } from "vitest";
import { answerInvoke, servicePrincipalResult } from "../../engine/azuread-provider/invokes.ts";
import type { GraphClient } from "../../engine/azuread-provider/graph.ts";

describe("servicePrincipalResult", () => {
  it("maps Graph's servicePrincipal to azuread.getServicePrincipal's result", () => {
    const result = servicePrincipalResult({
      id: "sp-id",
      appId: "00000003-0000-0000-c000-000000000000",
      displayName: "Microsoft Graph",
      appRoles: [
        { id: "r1", value: "User.Read.All", isEnabled: true, allowedMemberTypes: ["Application"], description: "d", displayName: "n" },
        { id: "r2", value: "", isEnabled: true },
      ],
      oauth2PermissionScopes: [{ id: "s1", value: "User.Read", isEnabled: true, type: "User" }],
    });
    expect(result).toMatchObject({
      objectId: "sp-id",
      clientId: "00000003-0000-0000-c000-000000000000",
      appRoleIds: { "User.Read.All": "r1" },
      oauth2PermissionScopeIds: { "User.Read": "s1" },
    });
    expect((result["appRoles"] as unknown[])[0]).toEqual({ allowedMemberTypes: ["Application"], description: "d", displayName: "n", enabled: true, id: "r1", value: "User.Read.All" });
  });
});

describe("answerInvoke", () => {
  const ctx = { graph: {} as GraphClient, deployer: async () => ({ tenantId: "t", clientId: "c", objectId: "o" }) };

  it("answers getClientConfig with the deployer's identity", async () => {
    await expect(answerInvoke({ token: "azuread:index/getClientConfig:getClientConfig", inputs: {} }, ctx)).resolves.toMatchObject({ tenantId: "t", clientId: "c", objectId: "o" });
  });

  it.each([
    ["azuread:index/getUsers:getUsers", "UNKNOWN_INVOKE"],
    ["azure-native:authorization:getClientConfig", "UNKNOWN_INVOKE"],
  ])("refuses %s (%s)", async (token, code) => {
    await expect(answerInvoke({ token, inputs: {} }, ctx)).rejects.toMatchObject({ code });
  });
});
