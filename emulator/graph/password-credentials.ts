// A passwordCredential as a client describes one it wants: in addPassword's body, and in the
// passwordCredentials of POST /applications (the azuread provider's `password` block). Graph makes
// the secret itself in both: a keyId, hint or secretText sent along is not used.
import { GRAPH, GraphFailure } from "../errors.ts";
import type { PasswordInput } from "../directory.ts";
import { dateProperty, stringProperty } from "./request.ts";

const TYPE = "PasswordCredential";

export function passwordInput(value: unknown, property: string): PasswordInput {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property '${property}'.`);
  }
  const input = value as Record<string, unknown>;
  const start = dateProperty(input.startDateTime, "startDateTime", TYPE);
  const end = dateProperty(input.endDateTime, "endDateTime", TYPE);
  return {
    displayName: stringProperty(input.displayName, "displayName", TYPE, { nullable: true }) ?? null,
    startDateTime: start?.ms, startDateTimeText: start?.text,
    endDateTime: end?.ms, endDateTimeText: end?.text,
  };
}

/** The passwordCredentials of a create body: a list of such descriptions. */
export function passwordInputs(value: unknown): PasswordInput[] {
  if (!Array.isArray(value)) throw new GraphFailure(GRAPH.BAD_REQUEST, "Invalid value specified for property 'passwordCredentials' of resource 'Application'.");
  return value.map((entry) => passwordInput(entry, "passwordCredentials"));
}
