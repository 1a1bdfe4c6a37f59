// Key Vault wiring under Pulumi mocks. Secretness and resource options are applied by the SDK on the
// way to the engine, so they are read from the requests that reach the (mock) monitor.

import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { KeyVaultConfig } from "../../infra/config-key-vault.ts";
import type * as KeyVaultModule from "../../infra/key-vault.ts";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SUB = "6f1d2a4e-0000-4000-8000-000000000042";
const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const KEY_ID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const SECRET_VALUE = "s3cr3t~value.from.entra";
const END_DATE = "2026-09-11T02:00:00Z";

interface Request {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getAdditionalsecretoutputsList(): string[];
  getReplaceonchangesList(): string[];
  getDeletebeforereplace(): boolean;
  getDependenciesList(): string[];
  getProvider(): string;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback = (err: unknown, resp: unknown) => void;
interface WireMonitor {
  registerResource(req: Request, cb: Callback): unknown;
  registerResourceOutputs(req: OutputsRequest, cb: Callback): unknown;
}

const wire: Request[] = [];
const componentOutputs = new Map<string, Record<string, unknown>>();
let kv: typeof KeyVaultModule;

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

const registered = (name: string) => wire.filter((r) => r.getName().startsWith(name));
const ofType = (name: string, type: string) => registered(name).filter((r) => r.getType() === type);
const one = (name: string, type: string): Request => {
  const found = ofType(name, type);
  expect(found).toHaveLength(1);
  return found[0] as Request;
};

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        const rg = String(inputs["resourceGroupName"]);
        if (args.type === "azure-native:keyvault:Vault") {
          const name = String(inputs["vaultName"] ?? `${args.name}1a2b3c4d`);
          return { id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`, state: { ...inputs, name } };
        }
        if (args.type === "azure-native:keyvault:Secret") {
          const base = `https://${String(inputs["vaultName"])}.vault.azure.net/secrets/${String(inputs["secretName"])}`;
          // The mocks see `properties` wrapped as a whole, because it holds a secret.
          const sent = inputs["properties"] as Record<string, unknown>;
          const plain = (SIG_KEY in sent ? sent["value"] : sent) as object;
          const properties = { ...plain, secretUri: base, secretUriWithVersion: `${base}/0123456789abcdef` };
          // As the engine would for additionalSecretOutputs ["properties"] (asserted on the wire below).
          return { id: `${base}`, state: { ...inputs, properties: { [SIG_KEY]: SECRET_SIG, value: properties } } };
        }
        if (args.type === "graph-workload-identity:index:KeyVaultClientSecret") return { id: "", state: {} };
        if (args.type === "pulumi:providers:azure-native") return { id: `provider-${args.name}`, state: { ...inputs } };
        throw new Error(`unexpected resource type ${args.type}`);
      },
      call(args) {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    "graph-workload-identity",
    "dev",
    false,
    "organization",
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as WireMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    wire.push(req);
    return register(req, cb);
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    componentOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
    return registerOutputs(req, cb);
  };
  kv = await import("../../infra/key-vault.ts");
});

function existing(secretName = "graph-workload-identity-dev-client-secret"): KeyVaultConfig {
  return { mode: "existing", vaultId: `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-shared`, subscriptionId: SUB, resourceGroupName: "rg-sec", vaultName: "kv-shared", secretName };
}

function write(name: string, config: KeyVaultConfig, overrides: Partial<KeyVaultModule.KeyVaultClientSecretArgs> = {}) {
  return new kv.KeyVaultClientSecret(name, {
    config,
    tenantId: "72f988bf-0000-4000-8000-000000000001",
    value: SECRET_VALUE, // plain on purpose: the component itself must make it secret
    keyId: KEY_ID,
    endDate: END_DATE,
    clientId: CLIENT_ID,
    managedBy: "graph-workload-identity/dev",
    ...overrides,
  });
}

describe("Key Vault module", () => {
  it("registers nothing on import, and loads azure-native's keyvault submodule but not the whole package", () => {
    expect(wire).toEqual([]);
    const loaded = Object.keys(createRequire(import.meta.url).cache).map((p) => p.replaceAll("\\", "/"));
    expect(loaded.some((p) => p.endsWith("@pulumi/azure-native/keyvault/index.js"))).toBe(true);
    expect(loaded.some((p) => p.endsWith("@pulumi/azure-native/index.js"))).toBe(false);
  });

  it.each([
    ["2026-09-11T02:00:00Z", 1789092000],
    ["2026-09-11T02:00:00.999Z", 1789092000],
  ])("converts the end date %s to Key Vault's expires %i (epoch seconds)", (date, seconds) => {
    expect(kv.expiresEpochSeconds(date)).toBe(seconds);
  });

  it("rejects an end date that is not a date", () => {
    expect(() => kv.expiresEpochSeconds("never")).toThrow(RangeError);
  });
});

describe("writing the active secret to an existing vault", () => {
  let uris: { versionless: string; versioned: string; secret: boolean };

  beforeAll(async () => {
    const c = write("kvx", existing());
    uris = { versionless: await value(c.secretUri), versioned: await value(c.secretUriWithVersion), secret: await pulumi.isSecret(c.secretUri) };
  });

  it("creates one Key Vault secret under the component and no vault", () => {
    expect(registered("kvx").map((r) => r.getType())).toEqual([
      "graph-workload-identity:index:KeyVaultClientSecret",
      "pulumi:providers:azure-native",
      "azure-native:keyvault:Secret",
    ]);
    expect(one("kvx", "azure-native:keyvault:Secret").getParent()).toContain("KeyVaultClientSecret::kvx");
  });

  it("writes through its own provider, pinned to the subscription of the vault's ARM id", () => {
    const provider = one("kvx", "pulumi:providers:azure-native");
    expect(provider.getName()).toBe("kvx-provider");
    expect(provider.getObject()?.toJavaScript()["subscriptionId"]).toBe(SUB);
    expect(one("kvx", "azure-native:keyvault:Secret").getProvider()).toMatch(/::kvx-provider::provider-kvx-provider$/);
  });

  it("names the vault, resource group and secret from the config", () => {
    const inputs = one("kvx", "azure-native:keyvault:Secret").getObject()?.toJavaScript() ?? {};
    expect([inputs["resourceGroupName"], inputs["vaultName"], inputs["secretName"]]).toEqual(["rg-sec", "kv-shared", "graph-workload-identity-dev-client-secret"]);
  });

  it("sets expires to the password's end date and a content type naming the app and key id", () => {
    const props = (one("kvx", "azure-native:keyvault:Secret").getObject()?.toJavaScript() ?? {})["properties"] as Record<string, unknown>;
    expect(props["attributes"]).toEqual({ enabled: true, expires: Date.parse(END_DATE) / 1000 });
    expect(props["contentType"]).toBe(`client-secret; app=${CLIENT_ID}; keyId=${KEY_ID}`);
  });

  it("sends the value as a secret and marks the returned properties secret", () => {
    const request = one("kvx", "azure-native:keyvault:Secret");
    const props = (request.getObject()?.toJavaScript() ?? {})["properties"] as Record<string, unknown>;
    expect(props["value"]).toEqual({ [SIG_KEY]: SECRET_SIG, value: SECRET_VALUE });
    expect(request.getAdditionalsecretoutputsList()).toContain("properties");
  });

  it("outputs the secret's URIs, not secret-marked and never the value", () => {
    expect(uris).toEqual({
      versionless: "https://kv-shared.vault.azure.net/secrets/graph-workload-identity-dev-client-secret",
      versioned: "https://kv-shared.vault.azure.net/secrets/graph-workload-identity-dev-client-secret/0123456789abcdef",
      secret: false,
    });
    const outputs = [...componentOutputs.entries()].find(([urn]) => urn.endsWith("::kvx"))?.[1];
    expect(outputs?.["secretUri"]).toBe(uris.versionless);
    expect(JSON.stringify(outputs)).not.toContain(SECRET_VALUE);
  });

  it("keeps one secret name across rotations, so a new password becomes a new version, not a new secret", async () => {
    const c = write("kvy", existing(), { value: pulumi.secret("next-value"), keyId: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" });
    await value(c.secretUri);
    const [a, b] = [one("kvx", "azure-native:keyvault:Secret"), one("kvy", "azure-native:keyvault:Secret")];
    const names = (r: Request) => {
      const o = r.getObject()?.toJavaScript() ?? {};
      return [o["resourceGroupName"], o["vaultName"], o["secretName"]];
    };
    expect(names(b)).toEqual(names(a));
    expect([b.getReplaceonchangesList(), b.getDeletebeforereplace()]).toEqual([[], false]);
  });
});

describe("writing to a vault the stack creates", () => {
  const create = (extra: Partial<Extract<KeyVaultConfig, { mode: "create" }>> = {}): KeyVaultConfig => ({
    mode: "create",
    resourceGroupName: "rg-app",
    vaultName: undefined,
    location: undefined,
    secretName: "orders-client-secret",
    ...extra,
  });

  it("creates an RBAC vault in the tenant, grants nobody anything, and writes the secret into it", async () => {
    const c = write("kvc", create());
    expect(await value(c.secretUri)).toBe("https://kvc-vault1a2b3c4d.vault.azure.net/secrets/orders-client-secret");
    // A vault the stack creates goes into the default provider's subscription: no provider of its own.
    expect(registered("kvc").map((r) => r.getType()).sort()).toEqual([
      "azure-native:keyvault:Secret",
      "azure-native:keyvault:Vault",
      "graph-workload-identity:index:KeyVaultClientSecret",
    ]);
    const vault = one("kvc", "azure-native:keyvault:Vault").getObject()?.toJavaScript() ?? {};
    // (The SDK adds its own defaults: soft delete on, 90 days.)
    expect(vault["properties"]).toMatchObject({ tenantId: "72f988bf-0000-4000-8000-000000000001", sku: { family: "A", name: "standard" }, enableRbacAuthorization: true, enableSoftDelete: true });
    expect(vault["properties"]).not.toHaveProperty("accessPolicies");
    expect(vault["resourceGroupName"]).toBe("rg-app");
    expect("vaultName" in vault || "location" in vault).toBe(false);
    expect(one("kvc", "azure-native:keyvault:Secret").getDependenciesList().some((urn) => urn.endsWith("Vault::kvc-vault"))).toBe(true);
  });

  it("uses the configured vault name and location", async () => {
    await value(write("kvn", create({ vaultName: "kv-orders-prod", location: "westeurope" })).secretUri);
    const vault = one("kvn", "azure-native:keyvault:Vault").getObject()?.toJavaScript() ?? {};
    expect([vault["vaultName"], vault["location"]]).toEqual(["kv-orders-prod", "westeurope"]);
  });

  it("refuses a component name too long for an auto-named vault (24 characters at most)", () => {
    expect(() => write("workload-identity-kv", create())).toThrow(RangeError);
  });
});
