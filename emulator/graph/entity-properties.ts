// What a write body of an application or a service principal may name: the structural properties
// Graph v1.0 declares (csdl-v1.ts), `owners@odata.bind`, and annotations such as `@odata.type`.
// Anything else is refused with Graph's own message. Read-only properties are accepted only with
// the value they already have: clients such as the azuread provider send back what they read (the
// object's own id when it adds a certificate).
import { GRAPH, GraphFailure } from "../errors.ts";
import { CSDL_APPLICATION, CSDL_SERVICE_PRINCIPAL } from "./csdl-v1.ts";

export const APPLICATION_PROPERTIES: readonly string[] = CSDL_APPLICATION.properties;
export const SERVICE_PRINCIPAL_PROPERTIES: readonly string[] = CSDL_SERVICE_PRINCIPAL.properties;

/**
 * Set by Graph, or only through an action or a route of their own (addPassword, PUT /logo,
 * setVerifiedPublisher), per Graph's documentation of each property. `passwordCredentials` of an
 * application is the one exception on create: Graph makes those passwords (applications.ts).
 */
export const APPLICATION_READ_ONLY: ReadonlySet<string> = new Set([
  "id", "deletedDateTime", "appId", "applicationTemplateId", "certification", "createdByAppId", "createdDateTime",
  "disabledByMicrosoftStatus", "logo", "passwordCredentials", "publisherDomain", "uniqueName", "verifiedPublisher",
]);
/** `appId` names the application on create and never changes after (service-principals.ts). */
export const SERVICE_PRINCIPAL_READ_ONLY: ReadonlySet<string> = new Set([
  "id", "deletedDateTime", "appDescription", "appDisplayName", "appId", "applicationTemplateId", "appOwnerOrganizationId",
  "createdByAppId", "disabledByMicrosoftStatus", "passwordCredentials", "resourceSpecificApplicationPermissions",
  "servicePrincipalType", "signInAudience", "verifiedPublisher",
]);

const SCHEMA = {
  application: { properties: new Set(APPLICATION_PROPERTIES), navigation: new Set<string>(CSDL_APPLICATION.navigation), readOnly: APPLICATION_READ_ONLY },
  servicePrincipal: { properties: new Set(SERVICE_PRINCIPAL_PROPERTIES), navigation: new Set<string>(CSDL_SERVICE_PRINCIPAL.navigation), readOnly: SERVICE_PRINCIPAL_READ_ONLY },
} as const;

/** The only navigation the emulator binds in a write: owners, resolved to its own objects (owners.ts). */
const BOUND = "owners";

/** JSON equality that ignores the order of object keys: a client may serialise an object it read in another order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].every((key) => sameJson(left[key], right[key]));
  }
  return a === b;
}

/** Why a read-only property cannot be written, where another way to change it exists. */
const HOW_INSTEAD: Readonly<Record<string, string>> = {
  passwordCredentials: " Use the addPassword and removePassword actions.",
  logo: " Upload it with PUT /applications/{id}/logo.",
};

/**
 * Refuses a write body naming what Graph does not know: an unknown property (Graph's message), a
 * binding of a navigation the emulator does not keep. `@odata.type` and other annotations pass.
 */
export function checkKnownProperties(body: Record<string, unknown>, typeName: keyof typeof SCHEMA): void {
  const schema = SCHEMA[typeName];
  for (const name of Object.keys(body)) {
    if (name.startsWith("@odata.")) continue;
    const binding = /^(.+)@odata\.bind$/.exec(name)?.[1];
    if (binding === BOUND) continue;
    if (binding !== undefined) {
      if (!schema.navigation.has(binding)) throw new GraphFailure(GRAPH.UNKNOWN_PROPERTY, binding, typeName);
      throw new GraphFailure(GRAPH.BAD_REQUEST, `The emulator binds only 'owners@odata.bind' in a write; '${name}' is not supported.`);
    }
    if (!schema.properties.has(name)) throw new GraphFailure(GRAPH.UNKNOWN_PROPERTY, name, typeName);
  }
}

/**
 * Refuses a read-only property with another value than `current` has (the object's Graph JSON; on
 * create, the new object's). `exempt` names read-only properties the caller gives a meaning of its own.
 */
export function checkReadOnly(
  body: Record<string, unknown>, typeName: keyof typeof SCHEMA, current: Record<string, unknown>, exempt: ReadonlySet<string> = new Set(),
): void {
  for (const [name, value] of Object.entries(body)) {
    if (!SCHEMA[typeName].readOnly.has(name) || exempt.has(name) || sameJson(value, current[name])) continue;
    throw new GraphFailure(GRAPH.BAD_REQUEST, `Property '${name}' is read-only and cannot be set.${HOW_INSTEAD[name] ?? ""}`);
  }
}
