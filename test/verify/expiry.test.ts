import { describe, expect, it } from "vitest";
import { certificateExpiryCheck, expiryState, secretExpiryChecks } from "../../verify/expiry.ts";

const NOW = Date.parse("2026-03-01T00:00:00Z");
const days = (n: number) => new Date(NOW + n * 86_400_000);

describe("expiry", () => {
  it.each([
    [-3, { state: "expired", daysAgo: 3 }],
    [0, { state: "expired", daysAgo: 0 }],
    [10, { state: "soon", daysLeft: 10 }],
    [30, { state: "soon", daysLeft: 30 }],
    [31, { state: "ok", daysLeft: 31 }],
  ])("a secret ending in %s days with 30 warn days is %j", (n, state) => {
    expect(expiryState(days(n), NOW, 30)).toEqual(state);
  });

  it("fails an expired current secret, warns on one about to expire, passes a distant one", () => {
    const status = (n: number) => secretExpiryChecks({ expiresAt: days(n), previousExpiresAt: undefined, nowMs: NOW, warnDays: 30 })[0];
    expect(status(-1)).toMatchObject({ status: "fail", code: "ERR_SECRET_EXPIRED", ok: false });
    expect(status(5)).toMatchObject({ status: "warn", code: "WARN_SECRET_EXPIRES_SOON", ok: true });
    expect(status(400)).toMatchObject({ status: "pass", detail: "current secret expires 2027-04-05T00:00:00.000Z (in 400 days)" });
  });

  it("reports the previous slot too: expired only warns, since the current secret is the one in use", () => {
    const checks = secretExpiryChecks({ expiresAt: days(700), previousExpiresAt: days(-2), nowMs: NOW, warnDays: 30 });
    expect(checks.map((c) => [c.name, c.status, c.code])).toEqual([
      ["secret-expiry", "pass", undefined],
      ["previous-secret-expiry", "warn", "WARN_PREVIOUS_SECRET_EXPIRED"],
    ]);
  });

  it("skips expiry when the inputs do not say (environment variables)", () => {
    expect(secretExpiryChecks({ expiresAt: undefined, previousExpiresAt: undefined, nowMs: NOW, warnDays: 30 })).toMatchObject([{ status: "skip", code: "SKIP_EXPIRY_UNKNOWN" }]);
  });

  it("fails a certificate that is expired or not yet valid", () => {
    expect(certificateExpiryCheck(days(-400), days(-1), NOW, 30)).toMatchObject({ status: "fail", code: "ERR_CERTIFICATE_EXPIRED" });
    expect(certificateExpiryCheck(days(1), days(400), NOW, 30)).toMatchObject({ status: "fail", code: "ERR_CERTIFICATE_EXPIRED" });
    expect(certificateExpiryCheck(days(-1), days(20), NOW, 30)).toMatchObject({ status: "warn" });
  });
});
