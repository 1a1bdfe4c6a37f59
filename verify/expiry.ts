// Credential lifetime checks, evaluated at an injectable `now` (the local demo moves the emulator's
// clock by months). Both secret slots are reported: the current one fails when expired; the previous
// one (kept during rotation for consumers that have not switched yet) only warns.
import { flagged, passed } from "./report.ts";
import type { CheckResult } from "./types.ts";

const DAY_MS = 86_400_000;

export type ExpiryState = { state: "expired"; daysAgo: number } | { state: "soon"; daysLeft: number } | { state: "ok"; daysLeft: number };

export function expiryState(expiresAt: Date, nowMs: number, warnDays: number): ExpiryState {
  const left = expiresAt.getTime() - nowMs;
  if (left <= 0) return { state: "expired", daysAgo: Math.max(0, Math.floor(-left / DAY_MS)) };
  const daysLeft = Math.floor(left / DAY_MS);
  return left <= warnDays * DAY_MS ? { state: "soon", daysLeft } : { state: "ok", daysLeft };
}

function when(expiresAt: Date, s: ExpiryState): string {
  const date = expiresAt.toISOString();
  if (s.state === "expired") return `expired ${date} (${s.daysAgo} day${s.daysAgo === 1 ? "" : "s"} ago)`;
  return `expires ${date} (in ${s.daysLeft} day${s.daysLeft === 1 ? "" : "s"})`;
}

export interface SecretExpiryInput {
  expiresAt: Date | undefined;
  previousExpiresAt: Date | undefined;
  nowMs: number;
  warnDays: number;
}

export function secretExpiryChecks(input: SecretExpiryInput): CheckResult[] {
  const checks: CheckResult[] = [];
  if (input.expiresAt === undefined) {
    checks.push(flagged("secret-expiry", "skip", "SKIP_EXPIRY_UNKNOWN", 0));
  } else {
    const s = expiryState(input.expiresAt, input.nowMs, input.warnDays);
    const detail = `current secret ${when(input.expiresAt, s)}`;
    if (s.state === "expired") checks.push(flagged("secret-expiry", "fail", "ERR_SECRET_EXPIRED", 0, { detail }));
    else if (s.state === "soon") checks.push(flagged("secret-expiry", "warn", "WARN_SECRET_EXPIRES_SOON", 0, { detail, note: `Warning period: ${input.warnDays} days.` }));
    else checks.push(passed("secret-expiry", 0, detail));
  }
  if (input.previousExpiresAt !== undefined) {
    const s = expiryState(input.previousExpiresAt, input.nowMs, input.warnDays);
    const detail = `previous secret ${when(input.previousExpiresAt, s)}`;
    checks.push(s.state === "expired" ? flagged("previous-secret-expiry", "warn", "WARN_PREVIOUS_SECRET_EXPIRED", 0, { detail }) : passed("previous-secret-expiry", 0, detail));
  }
  return checks;
}

export function certificateExpiryCheck(validFrom: Date, validTo: Date, nowMs: number, warnDays: number): CheckResult {
  const s = expiryState(validTo, nowMs, warnDays);
  const detail = `certificate ${when(validTo, s)}`;
  if (s.state === "expired") return flagged("certificate-expiry", "fail", "ERR_CERTIFICATE_EXPIRED", 0, { detail });
  if (validFrom.getTime() > nowMs) return flagged("certificate-expiry", "fail", "ERR_CERTIFICATE_EXPIRED", 0, { detail: `certificate not valid before ${validFrom.toISOString()}` });
  if (s.state === "soon") return flagged("certificate-expiry", "warn", "WARN_CERTIFICATE_EXPIRES_SOON", 0, { detail });
  return passed("certificate-expiry", 0, detail);
}
