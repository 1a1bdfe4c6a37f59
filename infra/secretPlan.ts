// When the client secret ends, as a pure function of the clock. Every input of the password must be
// the same on a second `pulumi up` inside one rotation period, or Pulumi would replace the secret on
// every run; so the end date counts from the start of the period, never from "now".

const DAY_MS = 86_400_000;

/**
 * Start (00:00 UTC) of the rotation period that contains `nowMs`. Periods are `rotationDays` long
 * and counted from the Unix epoch, so every stack with the same cadence agrees on the boundaries
 * and the result does not depend on when the stack was first deployed.
 */
export function rotationPeriodStart(nowMs: number, rotationDays: number): number {
  const periodMs = rotationDays * DAY_MS;
  return Math.floor(nowMs / periodMs) * periodMs;
}

/**
 * RFC 3339 in whole seconds ("2027-05-23T00:00:00Z"), the form the azuread provider writes back to
 * state; `toISOString()`'s ".000" would differ from state and force a replacement on every update.
 */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface ClientSecretPlan {
  /** Shown in the portal's "Certificates & secrets"; says which stack manages the secret. */
  readonly displayName: string;
  /** Explicit RFC 3339 end date (never the provider's default of two years). */
  readonly endDate: string;
  /** Changing any value replaces the secret (the manual `rotate` trigger). */
  readonly rotateWhenChanged?: Readonly<Record<string, string>>;
}

export interface SingleSecretInput {
  readonly nowMs: number;
  readonly rotationDays: number;
  readonly secretLifetimeDays: number;
  /** The `rotate` config value, if set. */
  readonly rotate?: string | undefined;
  /** `<project>/<stack>`. */
  readonly managedBy: string;
}

/**
 * The foundation's single client secret: valid until `secretLifetimeDays` after the start of the
 * current rotation period. A new period changes the end date and so replaces the secret (the
 * rotation issue turns this into two overlapping slots).
 */
export function singleSecretPlan(input: SingleSecretInput): ClientSecretPlan {
  const periodStart = rotationPeriodStart(input.nowMs, input.rotationDays);
  const plan: ClientSecretPlan = {
    displayName: `managed by Pulumi stack ${input.managedBy}`,
    endDate: rfc3339(periodStart + input.secretLifetimeDays * DAY_MS),
    ...(input.rotate === undefined ? {} : { rotateWhenChanged: Object.freeze({ rotate: input.rotate }) }),
  };
  return Object.freeze(plan);
}
