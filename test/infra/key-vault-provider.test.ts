import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { vaultProviderArgs } from "../../infra/key-vault-provider.ts";

const SUB = "6f1d2a4e-0000-4000-8000-000000000042";
const value = <T>(v: unknown): Promise<T> => new Promise((resolve) => pulumi.output(v as T).apply((x) => resolve(x as T)));

describe("vaultProviderArgs (the existing vault's azure-native provider)", () => {
  it("is just the vault's subscription when the stack sets no azure-native config", () => {
    expect(vaultProviderArgs({ "graph-workload-identity:permissions": "[]", "azuread:tenantId": "t" }, SUB)).toEqual({ subscriptionId: SUB });
  });

  it("replaces the stack's subscriptionId by the vault's and copies the sign-in settings", () => {
    const args = vaultProviderArgs(
      {
        "azure-native:subscriptionId": "00000000-1111-4222-8333-444444444444",
        "azure-native:tenantId": "72f988bf-0000-4000-8000-000000000001",
        "azure-native:environment": "usgovernment",
        "azure-native:location": "westeurope",
      },
      SUB,
    );
    expect(args).toEqual({ subscriptionId: SUB, tenantId: "72f988bf-0000-4000-8000-000000000001", environment: "usgovernment", location: "westeurope" });
  });

  it.each([
    ["azure-native:useOidc", "true", "useOidc", true],
    ["azure-native:useMsi", "False", "useMsi", false],
    ["azure-native:auxiliaryTenantIds", '["a","b"]', "auxiliaryTenantIds", ["a", "b"]],
  ])("parses %s = %s as the provider expects it", (key, text, arg, parsed) => {
    expect((vaultProviderArgs({ [key]: text }, SUB) as Record<string, unknown>)[arg]).toEqual(parsed);
  });

  it("ignores keys that are not provider settings (version, a typo)", () => {
    expect(vaultProviderArgs({ "azure-native:version": "3.28.0", "azure-native:clientid": "x" }, SUB)).toEqual({ subscriptionId: SUB });
  });

  it("keeps credentials secret even when the stack config holds them in plain text, and other secret keys secret", async () => {
    const args = vaultProviderArgs(
      { "azure-native:clientSecret": "s3cr3t", "azure-native:oidcToken": "jwt", "azure-native:clientId": "cid", "azure-native:tenantId": "tid" },
      SUB,
      (key) => key === "azure-native:clientId",
    ) as Record<string, unknown>;
    for (const key of ["clientSecret", "oidcToken", "clientId"]) {
      expect(pulumi.Output.isInstance(args[key]), key).toBe(true);
      expect(await pulumi.isSecret(args[key] as pulumi.Output<string>), key).toBe(true);
    }
    expect(await value(args["clientSecret"])).toBe("s3cr3t");
    expect(args["tenantId"]).toBe("tid");
  });
});
