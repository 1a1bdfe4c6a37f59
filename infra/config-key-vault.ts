// The optional `keyVault` config object: where the active client secret is also stored.
// Parsed and validated here with the rest of the config, consumed by the Key Vault part of the program.

import { closestMatches } from "./closest.ts";
import { display, parseStructured, typeName, type ProblemList } from "./config-values.ts";

export type KeyVaultConfig =
  | {
      /** Write into a vault that already exists. */
      readonly mode: "existing";
      /** ARM id as given: `/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}`. */
      readonly vaultId: string;
      readonly subscriptionId: string;
      readonly resourceGroupName: string;
      readonly vaultName: string;
      readonly secretName: string;
    }
  | {
      /** The stack creates the vault. */
      readonly mode: "create";
      readonly resourceGroupName: string;
      /** Unset: the Key Vault part of the program chooses (vault names are globally unique). */
      readonly vaultName: string | undefined;
      /** Unset: the resource group's location. */
      readonly location: string | undefined;
      readonly secretName: string;
    };

const TOP_KEYS = ["vaultId", "create", "secretName"] as const;
const CREATE_KEYS = ["resourceGroupName", "name", "location"] as const;

// Azure naming rules: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
// Vault: 3-24 characters, letters, digits and hyphens, starts with a letter, ends with a letter or digit, no "--".
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
// Key Vault object names: 1-127 letters, digits and hyphens.
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
// Resource group: 1-90 letters, digits, underscores, parentheses, hyphens and periods; not ending in a period.
const RESOURCE_GROUP = /^[\p{L}\p{N}_().-]{0,89}[\p{L}\p{N}_()-]$/u;
// Location as ARM stores it ("westeurope"); a display name ("West Europe") would show a diff on every update.
const LOCATION = /^[a-z][a-z0-9]*$/;
const VAULT_ID =
  /^\/subscriptions\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i;

/** `<project>-<stack>-client-secret`, reduced to the characters Key Vault allows. */
export function defaultKeyVaultSecretName(project: string, stack: string): string {
  const name = `${project}-${stack}-client-secret`
    .replace(/[^0-9a-zA-Z-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
  return name.slice(0, 127);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function unknownKeys(prefix: string, obj: Record<string, unknown>, known: readonly string[], problems: ProblemList): void {
  for (const k of Object.keys(obj)) {
    if (known.includes(k)) continue;
    const suggestions = closestMatches(k, known);
    problems.add(
      `${prefix}.${k}`,
      "UNKNOWN_KEY",
      obj[k],
      "is not a setting of keyVault.",
      suggestions.length > 0 ? `did you mean ${prefix}.${suggestions[0]}?` : `use only ${known.map((s) => `${prefix}.${s}`).join(", ")}.`,
      suggestions,
    );
  }
}

function optionalString(key: string, v: unknown, problems: ProblemList): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") {
    problems.add(key, "WRONG_TYPE", v, `must be a string, not ${typeName(v)}.`, "write it as a string.");
    return undefined;
  }
  if (v.trim() === "") {
    problems.add(key, "EMPTY", v, "is empty.", "remove the key or give it a value.");
    return undefined;
  }
  return v;
}

function checked(key: string, v: string | undefined, pattern: RegExp, rule: string, problems: ProblemList): string | undefined {
  if (v === undefined) return undefined;
  if (pattern.test(v)) return v;
  problems.add(key, "INVALID_VALUE", v, `does not follow the Azure naming rule: ${rule}.`, "choose a name that follows the rule.");
  return undefined;
}

/** Parses `keyVault`; unset, `{}` or `null` mean "no Key Vault". */
export function parseKeyVault(
  raw: string | undefined,
  defaultSecretName: string,
  problems: ProblemList,
): KeyVaultConfig | undefined {
  if (raw === undefined || raw.trim() === "" || raw.trim() === "null") return undefined;
  const before = problems.items.length;
  const parsed = parseStructured("keyVault", raw, problems);
  if (!parsed.ok) return undefined;
  const value = parsed.value;
  if (!isObject(value)) {
    problems.add("keyVault", "WRONG_TYPE", value, `must be an object, not ${typeName(value)}.`, "set keyVault.vaultId (an existing vault) or keyVault.create.resourceGroupName.");
    return undefined;
  }
  if (Object.keys(value).length === 0) return undefined;
  unknownKeys("keyVault", value, TOP_KEYS, problems);

  const secretName =
    checked("keyVault.secretName", optionalString("keyVault.secretName", value["secretName"], problems), SECRET_NAME, "1-127 letters, digits and hyphens", problems) ??
    defaultSecretName;
  const vaultId = optionalString("keyVault.vaultId", value["vaultId"], problems);
  const create = value["create"];

  if (vaultId !== undefined && create !== undefined) {
    problems.add("keyVault", "CONFLICT", value, "sets both vaultId and create.", "keep keyVault.vaultId to use an existing vault, or keyVault.create to have the stack create one.");
    return undefined;
  }
  if (vaultId === undefined && create === undefined) {
    if (!("vaultId" in value)) {
      problems.add("keyVault.vaultId", "REQUIRED", undefined, "keyVault needs either vaultId or create.", "set keyVault.vaultId to the ARM id of an existing vault, or keyVault.create.resourceGroupName.");
    }
    return undefined;
  }

  if (vaultId !== undefined) {
    const m = VAULT_ID.exec(vaultId);
    if (m === null) {
      problems.add("keyVault.vaultId", "INVALID_VALUE", vaultId, "is not the ARM id of a key vault.", "copy the id from `az keyvault show --name NAME --query id -o tsv` (/subscriptions/…/resourceGroups/…/providers/Microsoft.KeyVault/vaults/NAME).");
      return undefined;
    }
    const [, subscriptionId = "", resourceGroupName = "", vaultName = ""] = m;
    if (checked("keyVault.vaultId", vaultName, VAULT_NAME, "the vault name is 3-24 letters, digits and hyphens", problems) === undefined) return undefined;
    if (problems.items.length > before) return undefined;
    return Object.freeze({ mode: "existing", vaultId, subscriptionId: subscriptionId.toLowerCase(), resourceGroupName, vaultName, secretName });
  }

  if (!isObject(create)) {
    problems.add("keyVault.create", "WRONG_TYPE", display(create), `must be an object, not ${typeName(create)}.`, "set keyVault.create.resourceGroupName (and optionally name, location).");
    return undefined;
  }
  unknownKeys("keyVault.create", create, CREATE_KEYS, problems);
  const rgRaw = optionalString("keyVault.create.resourceGroupName", create["resourceGroupName"], problems);
  if (rgRaw === undefined && create["resourceGroupName"] === undefined) {
    problems.add("keyVault.create.resourceGroupName", "REQUIRED", undefined, "is required to create a vault.", "set the resource group the vault goes into.");
  }
  const resourceGroupName = checked("keyVault.create.resourceGroupName", rgRaw, RESOURCE_GROUP, "1-90 letters, digits, _ ( ) - and ., not ending in a period", problems);
  const vaultName = checked("keyVault.create.name", optionalString("keyVault.create.name", create["name"], problems), VAULT_NAME, "3-24 letters, digits and hyphens, starting with a letter, no '--'", problems);
  const location = checked("keyVault.create.location", optionalString("keyVault.create.location", create["location"], problems), LOCATION, 'a location name as ARM writes it, e.g. "westeurope"', problems);
  if (problems.items.length > before || resourceGroupName === undefined) return undefined;
  return Object.freeze({ mode: "create", resourceGroupName, vaultName, location, secretName });
}
