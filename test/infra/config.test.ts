import { describe, expect, it } from "vitest";
import { checkConfig, CONFIG_KEYS, DEFAULTS, parseConfig, projectConfig, type ConfigContext } from "../../infra/config.ts";
import { ConfigError, type ConfigProblem } from "../../infra/errors.ts";

const context: ConfigContext = { project: "graph-workload-identity", stack: "dev" };
const valid = { permissions: '["User.Read.All","Group.Read.All"]' };

function problemsOf(raw: Record<string, string>, ctx: ConfigContext = context): readonly ConfigProblem[] {
  try {
    parseConfig(raw, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

const codes = (ps: readonly ConfigProblem[]) => ps.map((p) => ({ key: p.key, code: p.code }));

describe("parseConfig with valid input", () => {
  it("applies every default when only permissions are set", () => {
    const spec = parseConfig(valid, context);
    expect(spec).toEqual({
      project: "graph-workload-identity",
      stack: "dev",
      displayName: "graph-workload-identity-dev",
      permissions: ["User.Read.All", "Group.Read.All"],
      owners: [],
      allowPrivileged: [],
      secretLifetimeDays: 194,
      rotationDays: 90,
      rotate: undefined,
      keyVault: undefined,
      verifyOnDeploy: DEFAULTS.verifyOnDeploy,
      cloud: { name: "public", authorityHost: "https://login.microsoftonline.com", graphEndpoint: "https://graph.microsoft.com" },
      federatedCredentials: [],
      certificates: [],
      secretless: false,
    });
  });

  it("takes the Pulumi.yaml defaults of the credential keys as unset", () => {
    expect(parseConfig({ ...valid, federatedCredentials: "[]", certificates: "[]", secretless: "false" }, context)).toMatchObject({ federatedCredentials: [], certificates: [], secretless: false });
  });

  it("builds a secretless spec from one GitHub credential", () => {
    const spec = parseConfig({ ...valid, secretless: "true", federatedCredentials: JSON.stringify([{ github: "contoso/sync", environment: "production" }]) }, context);
    expect(spec).toMatchObject({ secretless: true, federatedCredentials: [{ subject: "repo:contoso/sync:environment:production" }] });
  });

  it.each([
    ["secretless with nothing to sign in with", { secretless: "true" }, { key: "secretless", code: "REQUIRED" }],
    ["secretless with a Key Vault copy of a secret", { secretless: "true", federatedCredentials: '[{"github":"o/r","branch":"main"}]', keyVault: '{"vaultId":"/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-identity/providers/Microsoft.KeyVault/vaults/kv-orders-dev"}' }, { key: "keyVault", code: "CONFLICT" }],
    ["secretless with verifyOnDeploy fail", { secretless: "true", verifyOnDeploy: "fail", federatedCredentials: '[{"github":"o/r","branch":"main"}]' }, { key: "verifyOnDeploy", code: "CONFLICT" }],
    ["secretless that is not a boolean", { secretless: "yes" }, { key: "secretless", code: "INVALID_VALUE" }],
    ["federatedCredentials that is not JSON", { federatedCredentials: "[{github" }, { key: "federatedCredentials", code: "INVALID_JSON" }],
    ["a certificate file without a reader", { certificates: '[{"file":"cert.pem"}]' }, { key: "certificates[0].file", code: "INVALID_VALUE" }],
  ])("refuses %s", (_label, extra, expected) => {
    const problems = checkConfig({ ...valid, ...extra }, context).problems.map((p) => ({ key: p.key, code: p.code }));
    expect(problems).toContainEqual(expected);
  });

  it("returns a deeply frozen spec", () => {
    const spec = parseConfig({ ...valid, owners: '["11111111-2222-3333-4444-555555555555"]' }, context);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.permissions)).toBe(true);
    expect(Object.isFrozen(spec.owners)).toBe(true);
  });

  it("reads every key as Pulumi stores it (strings, JSON lists)", () => {
    const spec = parseConfig(
      {
        displayName: "orders-{stack}",
        permissions: '["Mail.Send"]',
        owners: '["AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE"]',
        allowPrivileged: '["Application.ReadWrite.All"]',
        secretLifetimeDays: "400",
        rotationDays: "30",
        rotate: "2026-11-24",
        verifyOnDeploy: "fail",
        keyVault: "{}",
      },
      { ...context, environment: "usgovernmentl4" },
    );
    expect(spec.displayName).toBe("orders-dev");
    expect(spec.owners).toEqual(["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"]);
    expect(spec.allowPrivileged).toEqual(["Application.ReadWrite.All"]);
    expect([spec.secretLifetimeDays, spec.rotationDays, spec.rotate, spec.verifyOnDeploy]).toEqual([400, 30, "2026-11-24", "fail"]);
    expect(spec.keyVault).toBeUndefined();
    expect(spec.cloud).toMatchObject({ name: "usgovernment", graphEndpoint: "https://graph.microsoft.us" });
  });

  it("treats the Pulumi.yaml 'empty' defaults as unset", () => {
    const spec = parseConfig({ ...valid, owners: "[]", allowPrivileged: "[]", rotate: "", keyVault: "{}" }, context);
    expect([spec.owners, spec.allowPrivileged, spec.rotate, spec.keyVault]).toEqual([[], [], undefined, undefined]);
  });

  it.each([
    [undefined, "public", "https://login.microsoftonline.com", "https://graph.microsoft.com"],
    ["global", "public", "https://login.microsoftonline.com", "https://graph.microsoft.com"],
    ["usgovernment", "usgovernment", "https://login.microsoftonline.us", "https://graph.microsoft.us"],
    ["usgovernmentl4", "usgovernment", "https://login.microsoftonline.us", "https://graph.microsoft.us"],
    ["dod", "usgovernmentl5", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"],
    ["usgovernmentl5", "usgovernmentl5", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"],
    ["China", "china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"],
  ])("maps azuread environment %s to the %s cloud", (environment, name, authorityHost, graphEndpoint) => {
    expect(parseConfig(valid, { ...context, environment }).cloud).toEqual({ name, authorityHost, graphEndpoint });
  });

  it("accepts a lifetime of exactly two rotation periods plus the 14-day grace", () => {
    expect(parseConfig({ ...valid, secretLifetimeDays: "74", rotationDays: "30" }, context).secretLifetimeDays).toBe(74);
  });

  it.each([
    [{}, 194],
    [{ secretLifetimeDays: "0" }, 194],
    [{ secretLifetimeDays: "" }, 194],
    [{ rotationDays: "30" }, 74],
    [{ rotationDays: "1", secretLifetimeDays: "0" }, 16],
    [{ rotationDays: "358" }, 730],
  ])("derives an unset (or 0) lifetime from rotationDays: %j → %i days", (extra, days) => {
    expect(parseConfig({ ...valid, ...extra }, context).secretLifetimeDays).toBe(days);
  });

  it("accepts the longest rotation period whose minimum lifetime fits in 730 days", () => {
    const spec = parseConfig({ ...valid, rotationDays: "358", secretLifetimeDays: "730" }, context);
    expect([spec.rotationDays, spec.secretLifetimeDays]).toEqual([358, 730]);
  });

  it("accepts a display name of exactly 256 characters", () => {
    expect(parseConfig({ ...valid, displayName: "a".repeat(256) }, context).displayName).toHaveLength(256);
  });
});

describe("parseConfig with bad input", () => {
  it.each<[string, Record<string, string>, { key: string; code: string }]>([
    ["missing permissions", {}, { key: "permissions", code: "REQUIRED" }],
    ["empty permissions list", { permissions: "[]" }, { key: "permissions", code: "EMPTY" }],
    ["empty permissions string", { permissions: "" }, { key: "permissions", code: "EMPTY" }],
    ["permissions as a bare word", { permissions: "User.Read.All" }, { key: "permissions", code: "WRONG_TYPE" }],
    ["permissions as an object", { permissions: '{"a":1}' }, { key: "permissions", code: "WRONG_TYPE" }],
    ["permissions as broken JSON", { permissions: '["User.Read.All"' }, { key: "permissions", code: "INVALID_JSON" }],
    ["a non-string permission", { permissions: '["User.Read.All", 42]' }, { key: "permissions[1]", code: "WRONG_TYPE" }],
    ["an empty permission", { permissions: '["User.Read.All", " "]' }, { key: "permissions[1]", code: "EMPTY" }],
    ["a duplicate permission", { permissions: '["User.Read.All","Group.Read.All","user.read.all"]' }, { key: "permissions[2]", code: "DUPLICATE" }],
    ["two permissions in one entry", { permissions: '["User.Read.All, Group.Read.All"]' }, { key: "permissions[0]", code: "INVALID_VALUE" }],
    ["an owner that is a name", { ...valid, owners: '["alice@example.com"]' }, { key: "owners[0]", code: "NOT_OBJECT_ID" }],
    ["an owner GUID with spaces", { ...valid, owners: '[" 11111111-2222-3333-4444-555555555555"]' }, { key: "owners[0]", code: "NOT_OBJECT_ID" }],
    ["a duplicate owner", { ...valid, owners: '["11111111-2222-3333-4444-555555555555","11111111-2222-3333-4444-555555555555"]' }, { key: "owners[1]", code: "DUPLICATE" }],
    ["owners as a bare id", { ...valid, owners: "11111111-2222-3333-4444-555555555555" }, { key: "owners", code: "WRONG_TYPE" }],
    ["allowPrivileged not a list", { ...valid, allowPrivileged: "true" }, { key: "allowPrivileged", code: "WRONG_TYPE" }],
    ["a non-string allowPrivileged entry", { ...valid, allowPrivileged: "[null]" }, { key: "allowPrivileged[0]", code: "WRONG_TYPE" }],
    ["an empty display name", { ...valid, displayName: "" }, { key: "displayName", code: "EMPTY" }],
    ["a blank display name", { ...valid, displayName: "   " }, { key: "displayName", code: "EMPTY" }],
    ["a 257-character display name", { ...valid, displayName: "a".repeat(257) }, { key: "displayName", code: "TOO_LONG" }],
    ["a display name over 256 after substitution", { ...valid, displayName: `${"a".repeat(250)}-{project}` }, { key: "displayName", code: "TOO_LONG" }],
    ["a display name with a line break", { ...valid, displayName: "a\nb" }, { key: "displayName", code: "INVALID_VALUE" }],
    ["a display name with surrounding spaces", { ...valid, displayName: " sync " }, { key: "displayName", code: "INVALID_VALUE" }],
    ["a fractional lifetime", { ...valid, secretLifetimeDays: "180.5" }, { key: "secretLifetimeDays", code: "NOT_INTEGER" }],
    ["a lifetime in words", { ...valid, secretLifetimeDays: "six months" }, { key: "secretLifetimeDays", code: "NOT_INTEGER" }],
    ["a negative lifetime", { ...valid, secretLifetimeDays: "-1" }, { key: "secretLifetimeDays", code: "OUT_OF_RANGE" }],
    ["a lifetime over two years", { ...valid, secretLifetimeDays: "731" }, { key: "secretLifetimeDays", code: "OUT_OF_RANGE" }],
    ["a zero rotation period", { ...valid, rotationDays: "0" }, { key: "rotationDays", code: "OUT_OF_RANGE" }],
    ["a rotation period over a year", { ...valid, rotationDays: "366" }, { key: "rotationDays", code: "OUT_OF_RANGE" }],
    ["a rotation period whose minimum lifetime exceeds 730 days", { ...valid, rotationDays: "359" }, { key: "rotationDays", code: "OUT_OF_RANGE" }],
    ["a negative rotation period", { ...valid, rotationDays: "-7" }, { key: "rotationDays", code: "OUT_OF_RANGE" }],
    ["a lifetime shorter than two periods", { ...valid, secretLifetimeDays: "179" }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }],
    ["a lifetime of two periods without the grace", { ...valid, secretLifetimeDays: "180" }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }],
    ["a lifetime one day short of the minimum", { ...valid, secretLifetimeDays: "193" }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }],
    ["a rotation period too long for the lifetime", { ...valid, rotationDays: "120", secretLifetimeDays: "200" }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }],
    ["an unknown verifyOnDeploy mode", { ...valid, verifyOnDeploy: "strict" }, { key: "verifyOnDeploy", code: "INVALID_VALUE" }],
    ["verifyOnDeploy in capitals", { ...valid, verifyOnDeploy: "WARN" }, { key: "verifyOnDeploy", code: "INVALID_VALUE" }],
    ["a typo in a key", { ...valid, permission: '["Mail.Send"]' }, { key: "permission", code: "UNKNOWN_KEY" }],
    ["an unknown key", { ...valid, region: "westeurope" }, { key: "region", code: "UNKNOWN_KEY" }],
  ])("reports %s", (_label, raw, expected) => {
    expect(codes(problemsOf(raw))).toContainEqual(expected);
  });

  it.each([
    [{ environment: "azurestack" }, { key: "azuread:environment", code: "INVALID_VALUE" }],
    [{ environment: "govcloud", environmentKey: "ARM_ENVIRONMENT" }, { key: "ARM_ENVIRONMENT", code: "INVALID_VALUE" }],
    [{ metadataHost: "https://127.0.0.1:8443" }, { key: "azuread:metadataHost", code: "INVALID_VALUE" }],
    [{ metadataHost: "127.0.0.1:8443/metadata/endpoints" }, { key: "azuread:metadataHost", code: "INVALID_VALUE" }],
    [{ metadataHost: "host name", metadataHostKey: "ARM_METADATA_HOSTNAME" }, { key: "ARM_METADATA_HOSTNAME", code: "INVALID_VALUE" }],
  ])("reports provider settings it cannot map to endpoints: %j", (extra, expected) => {
    expect(codes(problemsOf(valid, { ...context, ...extra }))).toEqual([expected]);
  });

  it.each(["management.local.azurestack.external", "127.0.0.1:8443", "localhost:1"])(
    "takes metadataHost %s as a custom cloud whose endpoints are read from that host, whatever the environment",
    (metadataHost) => {
      expect(parseConfig(valid, { ...context, environment: "public", metadataHost }).cloud).toEqual({ name: "custom", metadataHost });
    },
  );

  it("reports every problem at once, in one error", () => {
    const problems = problemsOf({
      permissions: '["User.Read.All","User.Read.All"]',
      owners: '["bob"]',
      displayName: "",
      rotationDays: "0",
      verifyOnDeploy: "maybe",
      permisions: "[]",
    });
    expect(codes(problems)).toEqual(
      expect.arrayContaining([
        { key: "permisions", code: "UNKNOWN_KEY" },
        { key: "displayName", code: "EMPTY" },
        { key: "permissions[1]", code: "DUPLICATE" },
        { key: "owners[0]", code: "NOT_OBJECT_ID" },
        { key: "rotationDays", code: "OUT_OF_RANGE" },
        { key: "verifyOnDeploy", code: "INVALID_VALUE" },
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it("names the value and a fix for every problem", () => {
    const problems = problemsOf({ permissions: '["User.Read.All","user.read.all"]', rotationDays: "x" });
    for (const p of problems) {
      expect(p.value).toBeDefined();
      expect(p.fix.length).toBeGreaterThan(0);
    }
  });

  it("suggests the key a typo meant", () => {
    const [problem] = problemsOf({ ...valid, secretLifetimeDay: "90" });
    expect(problem?.suggestions).toEqual(["secretLifetimeDays"]);
  });

  it("suggests the verifyOnDeploy mode a typo meant", () => {
    const [problem] = problemsOf({ ...valid, verifyOnDeploy: "wran" });
    expect(problem?.suggestions).toEqual(["warn"]);
  });

  it("does not echo the value of a key set as a secret", () => {
    const secretContext = { ...context, secretKeys: new Set(["rotationDays"]) };
    const error = (() => {
      try {
        parseConfig({ ...valid, rotationDays: "hunter2" }, secretContext);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.problems[0]?.value).toBe("[secret]");
    expect(error.message).not.toContain("hunter2");
  });

  it("says in the fix how long the lifetime must be, or how short the period", () => {
    const [problem] = problemsOf({ ...valid, secretLifetimeDays: "100" });
    expect(problem?.fix).toContain("at least 194");
    expect(problem?.fix).toContain("rotationDays to at most 43");
  });

  it("names the offending keys and values in the message a person reads", () => {
    try {
      parseConfig({ permissions: '["User.Read.All","user.read.all"]' }, context);
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).code).toBe("ERR_WORKLOAD_CONFIG");
      expect((e as Error).message).toContain('permissions[1] = "user.read.all"');
    }
  });
});

describe("permissions missing from a stack", () => {
  it.each([
    ["unset", {}],
    ["the empty default", { permissions: "[]" }],
  ])("name the stack file when %s", (_label, raw) => {
    const [problem] = problemsOf(raw, { project: "graph-workload-identity", stack: "prod-eu" });
    expect(problem?.problem).toContain("Is Pulumi.prod-eu.yaml missing");
    expect(problem?.fix).toContain("in Pulumi.prod-eu.yaml");
  });
});

describe("checkConfig", () => {
  it("returns every problem and, alongside, the permission names left to look up in the tenant, at their positions", () => {
    const check = checkConfig(
      { permissions: '["User.Read.All","USER.READ.ALL","User.Reed.All, X","Mail.Send"]', allowPrivileged: '["Application.ReadWrite.Al"]', rotationDays: "0" },
      context,
    );
    expect(check.config).toBeUndefined();
    expect(codes(check.problems)).toEqual([
      { key: "permissions[1]", code: "DUPLICATE" },
      { key: "permissions[2]", code: "INVALID_VALUE" },
      { key: "rotationDays", code: "OUT_OF_RANGE" },
    ]);
    // The duplicate and the entry with its own problem are not looked up again.
    expect(check.names.permissions).toEqual([{ index: 0, value: "User.Read.All" }, { index: 3, value: "Mail.Send" }]);
    expect(check.names.allowPrivileged).toEqual([{ index: 0, value: "Application.ReadWrite.Al" }]);
  });

  it("returns the spec and no problem for a valid config", () => {
    const check = checkConfig(valid, context);
    expect(check.problems).toEqual([]);
    expect(check.config?.permissions).toEqual(["User.Read.All", "Group.Read.All"]);
  });
});

describe("projectConfig", () => {
  it("keeps only the project's namespace, without the prefix", () => {
    expect(
      projectConfig(
        { "graph-workload-identity:permissions": "[]", "azuread:environment": "public", "other:permissions": "x" },
        "graph-workload-identity",
      ),
    ).toEqual({ permissions: "[]" });
  });

  it("knows every key documented in DESIGN.md", () => {
    expect(CONFIG_KEYS).toEqual(
      expect.arrayContaining(["displayName", "permissions", "owners", "allowPrivileged", "secretLifetimeDays", "rotationDays", "keyVault"]),
    );
  });
});
