// Identifier formats that Entra ID and Graph use, so values look and parse like the real ones.
import { createHash, randomBytes, randomUUID } from "node:crypto";

export const newGuid = (): string => randomUUID();

export const isGuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A GUID derived from a seed: stable object ids (e.g. the Graph service principal's per tenant). */
export function stableGuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** appRoleAssignment ids are 43-char base64url strings, not GUIDs. */
export const newAssignmentId = (): string => randomBytes(32).toString("base64url");

/** `uti` / `aio`-like opaque token identifiers. */
export const newOpaqueId = (bytes = 16): string => randomBytes(bytes).toString("base64url");

/** RFC 3339 with whole seconds and Z, the way Graph writes dateTimeOffset values. */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
