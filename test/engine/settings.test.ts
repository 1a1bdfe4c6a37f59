import { describe, expect, it } from "vitest";
import { resolveEndpoints, resolveSettings } from "../../engine/azuread-provider/settings.ts";
import { Agent } from "undici";

const creds = { tenantId: "t", clientId: "c", clientSecret: "s" };

describe("the substitute provider's settings", () => {
  it("takes provider config before the ARM_* variables, as the azuread provider does", () => {
    const env = { ARM_TENANT_ID: "env-t", ARM_CLIENT_ID: "env-c", ARM_CLIENT_SECRET: "env-s", ARM_METADATA_HOSTNAME: "env-host:1" };
    expect(resolveSettings({ ...creds, metadataHost: "cfg-host:2" }, env)).toEqual({ ...creds, metadataHost: "cfg-host:2", environment: "public" });
    expect(resolveSettings({}, env)).toEqual({ tenantId: "env-t", clientId: "env-c", clientSecret: "env-s", metadataHost: "env-host:1", environment: "public" });
  });

  it("names every missing credential with both places to set it", () => {
    expect(() => resolveSettings({ tenantId: "t" }, {})).toThrow(/azuread:clientId, azuread:clientSecret.*ARM_CLIENT_ID.*ARM_CLIENT_SECRET/s);
  });

  it("maps known environments without a request, and refuses an unknown one", async () => {
    const http = { dispatcher: new Agent(), timeoutMs: 1000 };
    await expect(resolveEndpoints({ ...creds, metadataHost: undefined, environment: "china" }, http)).resolves.toEqual({
      loginEndpoint: "https://login.chinacloudapi.cn", graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    });
    await expect(resolveEndpoints({ ...creds, metadataHost: undefined, environment: "mars" }, http)).rejects.toMatchObject({ code: "CONFIG_MISSING" });
  });
});
