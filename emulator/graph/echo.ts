// Stored values of properties the emulator only keeps (web, info, samlSingleSignOnSettings, …): how a
// write changes them, and how they are laid over an entity's default JSON. Graph writes every member of a complex value, set or not: a client
// that PATCHed `info` without `logoUrl` still reads `logoUrl: null` back, so members the stored value
// lacks come from the default (or, where the default is null, from the type's empty shape).

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

/** Empty shapes of complex types whose property is null until a client sets it. */
const EMPTY_SHAPES: Readonly<Record<string, Json>> = {
  samlSingleSignOnSettings: { relayState: null },
  optionalClaims: { accessToken: [], idToken: [], saml2Token: [] },
  servicePrincipalLockConfiguration: {
    isEnabled: null, allProperties: null, credentialsWithUsageVerify: null, credentialsWithUsageSign: null, identifierUris: null, tokenEncryptionKeyId: null,
  },
};

function withMembers(shape: Json, value: Json): Json {
  const out: Json = { ...structuredClone(shape), ...structuredClone(value) };
  for (const [name, member] of Object.entries(shape)) {
    const given = value[name];
    if (isObject(member) && isObject(given)) out[name] = withMembers(member, given);
  }
  return out;
}

/** `defaults` with every stored property in place of its default; stored complex values completed. */
export function echoStored(defaults: Json, stored: Json): Json {
  const out: Json = { ...defaults };
  for (const [name, value] of Object.entries(stored)) {
    const shape = isObject(defaults[name]) ? (defaults[name] as Json) : EMPTY_SHAPES[name];
    out[name] = shape !== undefined && isObject(value) ? withMembers(shape, value) : structuredClone(value);
  }
  return out;
}

/**
 * A complex value written over the one kept: members the write leaves out keep their value, as
 * OData's PATCH does for complex types. The azuread provider relies on it: its update sends `api`
 * without `oauth2PermissionScopes` when the scopes did not change. Collections are replaced whole.
 */
export function writeStored(previous: unknown, sent: unknown): unknown {
  return isObject(previous) && isObject(sent) ? withMembers(previous, sent) : structuredClone(sent);
}
