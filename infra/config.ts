// Stack config → a frozen, typed spec, or every problem at once. Pure: the program (program.ts) reads
// Pulumi's config and passes it in, so every rule here is tested without Pulumi. Permission names are
// only shape-checked here; program.ts checks them against the tenant in the same round (permissions.ts).

import { closestMatches } from "./closest.ts";
import { cloudFor, ENVIRONMENT_NAMES, METADATA_HOST, type CloudEndpoints, type CustomCloud } from "./cloud.ts";
import { defaultKeyVaultSecretName, parseKeyVault, type KeyVaultConfig } from "./config-key-vault.ts";
import { parseStructured, ProblemList, readStringList, readInteger, type IndexedEntry } from "./config-values.ts";
import { parseCertificates, type CertificateSpec } from "./certificates.ts";
import { parseFederatedCredentials, type FederatedCredentialSpec } from "./federated-credentials.ts";
import { ConfigError, type ConfigProblem } from "./errors.ts";
import { GRACE_DAYS, MAX_LIFETIME_DAYS, minimumLifetimeDays } from "./rotation.ts";

export type { KeyVaultConfig } from "./config-key-vault.ts";
export type { IndexedEntry } from "./config-values.ts";
export type { CloudEndpoints, CustomCloud } from "./cloud.ts";

/** Every key the program reads in its namespace; anything else there is reported as UNKNOWN_KEY. */
export const CONFIG_KEYS = [
  "displayName",
  "permissions",
  "owners",
  "allowPrivileged",
  "secretLifetimeDays",
  "rotationDays",
  "rotate",
  "keyVault",
  "verifyOnDeploy",
  "federatedCredentials",
  "certificates",
  "secretless",
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export const VERIFY_MODES = ["fail", "warn", "off"] as const;
export type VerifyOnDeploy = (typeof VERIFY_MODES)[number];

/**
 * Defaults, repeated in Pulumi.yaml. The program applies them itself because Pulumi's unit-test
 * mocks do not apply Pulumi.yaml defaults.
 */
export const DEFAULTS = {
  /** `{project}` and `{stack}` are replaced in any displayName. */
  displayName: "{project}-{stack}",
  /**
   * 0 = derived: `minimumLifetimeDays(rotationDays)` (194 days for the default 90), the shortest
   * lifetime that keeps rotation's overlap guarantee. Pulumi.yaml declares 0 so the key stays optional.
   */
  secretLifetimeDays: 0,
  rotationDays: 90,
  /**
   * "warn": a hook that fails after the resources exist cannot undo them (Pulumi has no rollback),
   * and a brand-new identity often fails for a minute or more while Entra replicates it. The deploy
   * reports the problem; `npm run verify` (exit code 1) is the gate for CI.
   */
  verifyOnDeploy: "warn",
} as const;

export const LIMITS = {
  /**
   * Microsoft Graph v1.0 `application` resource: "displayName: The display name for the application.
   * Maximum length is 256 characters." (https://learn.microsoft.com/graph/api/resources/application)
   */
  displayNameMaxLength: 256,
  /** 730 days = 2 years: Entra's default and the usual tenant maximum for a client secret. */
  secretLifetimeDays: { min: 1, max: MAX_LIFETIME_DAYS, unit: "days" },
  /** At most 358, so that the shortest lifetime it needs (2 × 358 + 14 = 730) still fits. */
  rotationDays: { min: 1, max: (MAX_LIFETIME_DAYS - GRACE_DAYS) / 2, unit: "days" },
} as const;

export interface WorkloadConfig {
  readonly project: string;
  readonly stack: string;
  readonly displayName: string;
  /** Graph application permission names as written (validated for shape; resolved against the tenant later). */
  readonly permissions: readonly string[];
  /** Lower-case object ids; empty = the deploying principal. */
  readonly owners: readonly string[];
  readonly allowPrivileged: readonly string[];
  readonly secretLifetimeDays: number;
  readonly rotationDays: number;
  /** Manual rotation trigger; changing it forces the next rotation. Undefined when unset or empty. */
  readonly rotate: string | undefined;
  readonly keyVault: KeyVaultConfig | undefined;
  readonly verifyOnDeploy: VerifyOnDeploy;
  /** A known cloud's endpoints, or a custom cloud whose endpoints its metadata host tells. */
  readonly cloud: CloudEndpoints | CustomCloud;
  /** Workload identity federation: who may sign in with its own platform's token, no secret needed. */
  readonly federatedCredentials: readonly FederatedCredentialSpec[];
  /** Public certificates the app accepts client assertions from. */
  readonly certificates: readonly CertificateSpec[];
  /** No client secret at all (then federatedCredentials or certificates sign in). */
  readonly secretless: boolean;
}

export interface ConfigContext {
  readonly project: string;
  readonly stack: string;
  /** The azuread provider's environment (`azuread:environment`, else `ARM_ENVIRONMENT`); unset = public. */
  readonly environment?: string | undefined;
  /** Where `environment` came from, for messages (default `azuread:environment`). */
  readonly environmentKey?: string | undefined;
  /** `azuread:metadataHost` (else ARM_METADATA_HOSTNAME): a custom cloud, read from that host. */
  readonly metadataHost?: string | undefined;
  /** Where `metadataHost` came from, for messages (default `azuread:metadataHost`). */
  readonly metadataHostKey?: string | undefined;
  /** Keys (without namespace) whose values are secret: never echoed in problems. */
  readonly secretKeys?: ReadonlySet<string> | undefined;
  /** The program's clock, epoch ms (certificates must be valid now); default Date.now(). */
  readonly now?: number | undefined;
  /** Reads a certificate `file` (the program: relative to the project folder); default: none can be read. */
  readonly readFile?: ((path: string) => string) | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Control characters would end up in portal listings and in error messages; Entra has no use for them.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Config of one namespace from `pulumi.runtime.allConfig()` (keys `ns:key`), keys without the namespace. */
export function projectConfig(all: Readonly<Record<string, string>>, namespace: string): Record<string, string> {
  const prefix = `${namespace}:`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** Permission names as written, for the check against the tenant's Microsoft Graph service principal. */
export interface PermissionNames {
  /** Entries of `permissions` without a problem of their own, with their positions in the list. */
  readonly permissions: readonly IndexedEntry[];
  /** Entries of `allowPrivileged`, likewise. */
  readonly allowPrivileged: readonly IndexedEntry[];
}

export interface ConfigCheck {
  /** The spec; undefined when there is any problem. */
  readonly config: WorkloadConfig | undefined;
  /** Every problem found, in key order; none is reported twice. */
  readonly problems: readonly ConfigProblem[];
  /** What is left to check against the tenant, even when other keys have problems. */
  readonly names: PermissionNames;
}

/** The spec, or one ConfigError with every problem the config shows by itself. */
export function parseConfig(raw: Readonly<Record<string, string>>, context: ConfigContext): WorkloadConfig {
  const check = checkConfig(raw, context);
  if (check.config === undefined) throw new ConfigError(check.problems);
  return check.config;
}

/** Every problem the config shows by itself, and the spec when there is none. Never throws. */
export function checkConfig(raw: Readonly<Record<string, string>>, context: ConfigContext): ConfigCheck {
  const problems = new ProblemList(context.secretKeys);
  const known: readonly string[] = CONFIG_KEYS;

  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const suggestions = closestMatches(key, known);
    problems.add(
      key,
      "UNKNOWN_KEY",
      raw[key],
      "is not a setting of this program (a typo would silently fall back to the default).",
      suggestions.length > 0
        ? `rename it to ${suggestions[0]}: \`pulumi config rm ${key}\` then set ${suggestions[0]}.`
        : `remove it with \`pulumi config rm ${key}\`; known keys: ${known.join(", ")}.`,
      suggestions,
    );
  }

  const displayName = parseDisplayName(raw["displayName"], context, problems);
  const permissions = parsePermissions(raw["permissions"], context.stack, problems);
  const owners = parseOwners(raw["owners"], problems);
  const allowPrivileged =
    raw["allowPrivileged"] === undefined
      ? []
      : (readStringList("allowPrivileged", raw["allowPrivileged"], problems, { example: "Application.ReadWrite.All" }) ?? []);
  const rotationDays =
    raw["rotationDays"] === undefined
      ? DEFAULTS.rotationDays
      : readInteger("rotationDays", raw["rotationDays"], LIMITS.rotationDays, problems);
  const secretLifetimeDays = parseLifetime(raw["secretLifetimeDays"], rotationDays, problems);
  const rotate = raw["rotate"] === undefined || raw["rotate"] === "" ? undefined : raw["rotate"];
  const keyVault = parseKeyVault(raw["keyVault"], defaultKeyVaultSecretName(context.project, context.stack), problems);
  const verifyOnDeploy = parseVerifyOnDeploy(raw["verifyOnDeploy"], problems);
  const cloud = parseCloud(context, problems);
  const federatedValue = structured("federatedCredentials", raw["federatedCredentials"], problems);
  const federatedCredentials = federatedValue.ok ? parseFederatedCredentials(federatedValue.value, problems) : undefined;
  const certificateValue = structured("certificates", raw["certificates"], problems);
  const certificates = certificateValue.ok
    ? parseCertificates(certificateValue.value, problems, {
        now: context.now ?? Date.now(),
        readFile: context.readFile ?? (() => {
          throw Object.assign(new Error("no file reader"), { code: "ENOTSUP" });
        }),
      })
    : undefined;
  const secretless = parseSecretless(raw["secretless"], problems);
  if (secretless === true) {
    if ((federatedCredentials ?? []).length === 0 && (certificates ?? []).length === 0 && federatedCredentials !== undefined && certificates !== undefined) {
      problems.add("secretless", "REQUIRED", "true", "leaves the identity no way to sign in: it has no federated credential and no certificate.", "add federatedCredentials (GitHub Actions, Kubernetes, any OIDC issuer) or certificates, or set secretless to false.");
    }
    if (keyVault !== undefined) {
      problems.add("keyVault", "CONFLICT", raw["keyVault"], "stores the client secret, and secretless: true creates none.", "remove keyVault, or set secretless to false.");
    }
    if (verifyOnDeploy === "fail") {
      problems.add("verifyOnDeploy", "CONFLICT", "fail", "needs a credential the deployer holds, and a secretless identity signs in only with its workload's token or key.", "set verifyOnDeploy to off (or warn), and run `graph-verify --federated-token-file`, `--github-oidc` or `--certificate` where the workload runs.");
    }
  }

  // An entry with a problem of its own (a list in one string, say) is not looked up as well: one
  // problem per entry.
  const withProblem = new Set(problems.items.map((p) => p.key));
  const names: PermissionNames = Object.freeze({
    permissions: Object.freeze((permissions ?? []).filter((e) => !withProblem.has(`permissions[${e.index}]`))),
    allowPrivileged: Object.freeze(allowPrivileged.filter((e) => !withProblem.has(`allowPrivileged[${e.index}]`))),
  });
  if (problems.items.length > 0) return { config: undefined, problems: Object.freeze([...problems.items]), names };
  // Every branch above records a problem whenever it yields undefined, so these hold here.
  const config: WorkloadConfig = Object.freeze({
    project: context.project,
    stack: context.stack,
    displayName: displayName as string,
    permissions: Object.freeze((permissions as IndexedEntry[]).map((e) => e.value)),
    owners: Object.freeze(owners),
    allowPrivileged: Object.freeze(allowPrivileged.map((e) => e.value)),
    secretLifetimeDays: secretLifetimeDays as number,
    rotationDays: rotationDays as number,
    rotate,
    keyVault,
    verifyOnDeploy: verifyOnDeploy as VerifyOnDeploy,
    cloud: cloud as CloudEndpoints | CustomCloud,
    federatedCredentials: Object.freeze(federatedCredentials ?? []),
    certificates: Object.freeze(certificates ?? []),
    secretless: secretless === true,
  });
  return { config, problems: [], names };
}

/**
 * Unset (or the Pulumi.yaml default 0): derived from rotationDays. Set: 1-730 and at least the
 * rotation minimum, so the previous secret never expires while consumers may still hold it.
 */
function parseLifetime(raw: string | undefined, rotationDays: number | undefined, problems: ProblemList): number | undefined {
  if (raw === undefined || raw.trim() === "" || raw.trim() === String(DEFAULTS.secretLifetimeDays)) {
    return rotationDays === undefined ? undefined : minimumLifetimeDays(rotationDays);
  }
  const days = readInteger("secretLifetimeDays", raw, LIMITS.secretLifetimeDays, problems);
  if (days === undefined || rotationDays === undefined) return days;
  const minimum = minimumLifetimeDays(rotationDays);
  if (days >= minimum) return days;
  const longestPeriod = Math.floor((days - GRACE_DAYS) / 2);
  problems.add(
    "secretLifetimeDays",
    "LIFETIME_TOO_SHORT",
    String(days),
    `is shorter than two rotation periods plus ${GRACE_DAYS} days of grace (2 × rotationDays ${rotationDays} + ${GRACE_DAYS} = ${minimum} days), so the previous secret could expire while consumers still use it.`,
    `set secretLifetimeDays to at least ${minimum}, or remove it to derive it from rotationDays` +
      (longestPeriod >= 1 ? `, or set rotationDays to at most ${longestPeriod}.` : "."),
  );
  return undefined;
}

function parseDisplayName(raw: string | undefined, context: ConfigContext, problems: ProblemList): string | undefined {
  const template = raw ?? DEFAULTS.displayName;
  const name = template.replaceAll("{project}", context.project).replaceAll("{stack}", context.stack);
  const fix = "set a readable name, e.g. `pulumi config set displayName orders-sync-prod`.";
  if (name.trim() === "") {
    problems.add("displayName", "EMPTY", raw, "is empty; Entra ID requires a display name.", fix);
    return undefined;
  }
  if (name.length > LIMITS.displayNameMaxLength) {
    problems.add("displayName", "TOO_LONG", name, `is ${name.length} characters; Entra ID allows at most ${LIMITS.displayNameMaxLength}.`, "shorten it.");
    return undefined;
  }
  if (CONTROL.test(name)) {
    problems.add("displayName", "INVALID_VALUE", name, "contains control characters (line breaks, tabs).", fix);
    return undefined;
  }
  if (name !== name.trim()) {
    problems.add("displayName", "INVALID_VALUE", name, "starts or ends with spaces, which makes it hard to find in the portal.", "remove the surrounding spaces.");
    return undefined;
  }
  return name;
}

/** The stack file, named in problems: a stack without it sets nothing, so `permissions` is missing. */
export function stackFileName(stack: string): string {
  return `Pulumi.${stack}.yaml`;
}

function parsePermissions(raw: string | undefined, stack: string, problems: ProblemList): IndexedEntry[] | undefined {
  const file = stackFileName(stack);
  const fix = `list the Microsoft Graph application permissions the workload needs in ${file} (next to Pulumi.yaml), e.g. \`pulumi config set --path 'permissions[0]' User.Read.All --stack ${stack}\`, which creates the file if it is missing.`;
  if (raw === undefined) {
    problems.add("permissions", "REQUIRED", undefined, `is required, and stack ${stack} sets none. Is ${file} missing?`, fix);
    return undefined;
  }
  const list = readStringList("permissions", raw, problems, { example: "User.Read.All" });
  if (list === undefined) return undefined;
  if (list.length === 0 && !problems.items.some((p) => p.key.startsWith("permissions["))) {
    problems.add("permissions", "EMPTY", raw, `lists no permission, so the identity of stack ${stack} could not call Microsoft Graph. Is ${file} missing, or does it not set permissions?`, fix);
    return undefined;
  }
  for (const { index, value } of list) {
    // A list written as one string ("User.Read.All, Group.Read.All") is the usual slip.
    if (/[\s,;]/.test(value)) {
      problems.add(`permissions[${index}]`, "INVALID_VALUE", value, "contains spaces or separators; a permission name has none.", "put one permission name in each list entry.");
    }
  }
  return list;
}

function parseOwners(raw: string | undefined, problems: ProblemList): string[] {
  if (raw === undefined) return [];
  const list = readStringList("owners", raw, problems, { example: "00000000-0000-0000-0000-000000000000" }) ?? [];
  const owners: string[] = [];
  list.forEach(({ index, value: id }) => {
    if (GUID.test(id.trim()) && id === id.trim()) {
      // Graph returns ids in lower case; normalising avoids a perpetual diff on `owners`.
      owners.push(id.toLowerCase());
      return;
    }
    problems.add(
      `owners[${index}]`,
      "NOT_OBJECT_ID",
      id,
      "is not an object id (a GUID); owners are users or service principals, named by object id, not by name or client id.",
      "use the object id, e.g. `az ad user show --id user@example.com --query id -o tsv` or `az ad sp show --id CLIENT_ID --query id -o tsv`.",
    );
  });
  return owners;
}

function parseVerifyOnDeploy(raw: string | undefined, problems: ProblemList): VerifyOnDeploy | undefined {
  if (raw === undefined) return DEFAULTS.verifyOnDeploy;
  const modes: readonly string[] = VERIFY_MODES;
  if (modes.includes(raw)) return raw as VerifyOnDeploy;
  problems.add(
    "verifyOnDeploy",
    "INVALID_VALUE",
    raw,
    `must be one of ${VERIFY_MODES.join(", ")}.`,
    `set it to ${VERIFY_MODES.map((m) => `"${m}"`).join(", ")}.`,
    closestMatches(raw, VERIFY_MODES),
  );
  return undefined;
}

function parseCloud(context: ConfigContext, problems: ProblemList): CloudEndpoints | CustomCloud | undefined {
  const key = context.environmentKey ?? "azuread:environment";
  if (context.metadataHost !== undefined && context.metadataHost !== "") {
    if (METADATA_HOST.test(context.metadataHost)) return { name: "custom", metadataHost: context.metadataHost };
    problems.add(
      context.metadataHostKey ?? "azuread:metadataHost",
      "INVALID_VALUE",
      context.metadataHost,
      "is not a host or host:port (the azuread provider adds https:// and /metadata/endpoints itself).",
      "set it to the bare host, e.g. management.local.azurestack.external or 127.0.0.1:8443.",
    );
    return undefined;
  }
  const cloud = cloudFor(context.environment);
  if (cloud === undefined) {
    problems.add(
      key,
      "INVALID_VALUE",
      context.environment,
      "is not a cloud environment the azuread provider knows.",
      `use one of ${ENVIRONMENT_NAMES.join(", ")}.`,
      closestMatches(context.environment ?? "", ENVIRONMENT_NAMES),
    );
  }
  return cloud;
}

/** A list key's value as parsed JSON (undefined: unset, or the Pulumi.yaml default `[]`); not ok: a problem is recorded. */
function structured(key: string, raw: string | undefined, problems: ProblemList): { ok: true; value: unknown } | { ok: false } {
  if (raw === undefined || raw.trim() === "") return { ok: true, value: undefined };
  const parsed = parseStructured(key, raw, problems);
  if (!parsed.ok) return parsed;
  return { ok: true, value: Array.isArray(parsed.value) && parsed.value.length === 0 ? undefined : parsed.value };
}

function parseSecretless(raw: string | undefined, problems: ProblemList): boolean | undefined {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  problems.add("secretless", "INVALID_VALUE", raw, "must be true or false.", "set it to true (no client secret) or false.", closestMatches(raw, ["true", "false"]));
  return undefined;
}
