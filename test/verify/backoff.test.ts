import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF, nextWait, parseRetryAfter } from "../../verify/backoff.ts";

describe("backoff", () => {
  it("doubles from 500 ms up to a cap of 8 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffCeiling(DEFAULT_BACKOFF, n))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });

  it("never overflows for absurd retry counts", () => {
    expect(backoffCeiling({ ...DEFAULT_BACKOFF, factor: 10 }, 10_000)).toBe(8000);
  });

  it.each([
    [0, 4000],
    [0.5, 3000],
    [0.999999, 2000],
  ])("jitter with random %s keeps the pause in [ceiling/2, ceiling]: %s ms for retry 4", (r, expected) => {
    expect(backoffDelay(DEFAULT_BACKOFF, 4, () => r)).toBe(expected);
  });

  it("honours Retry-After when it is longer than the backoff", () => {
    expect(nextWait({ policy: DEFAULT_BACKOFF, retry: 1, random: () => 0, retryAfterMs: 3000, minIntervalMs: 250, remainingMs: 10_000 })).toEqual({ retry: true, waitMs: 3000 });
  });

  it("keeps the rate floor even when the backoff is tiny", () => {
    expect(nextWait({ policy: { ...DEFAULT_BACKOFF, initialMs: 10 }, retry: 1, random: () => 0, minIntervalMs: 250, remainingMs: 10_000 })).toEqual({ retry: true, waitMs: 250 });
  });

  it("does not schedule a retry past the deadline, and says whether Retry-After was the reason", () => {
    expect(nextWait({ policy: DEFAULT_BACKOFF, retry: 4, random: () => 0, minIntervalMs: 250, remainingMs: 1000 })).toEqual({ retry: false, waitMs: 4000, why: "deadline" });
    expect(nextWait({ policy: DEFAULT_BACKOFF, retry: 1, random: () => 0, retryAfterMs: 60_000, minIntervalMs: 250, remainingMs: 5000 })).toMatchObject({ retry: false, why: "retry-after-beyond-deadline" });
  });

  it.each([
    ["2", 2000],
    [" 0 ", 0],
    [["5", "9"], 5000],
    ["Thu, 01 Jan 2026 00:00:03 GMT", 3000],
    ["Wed, 31 Dec 2025 23:00:00 GMT", 0],
    ["soon", undefined],
    [undefined, undefined],
  ])("reads Retry-After %j as %s ms", (value, expected) => {
    expect(parseRetryAfter(value as string | string[] | undefined, Date.parse("2026-01-01T00:00:00Z"))).toBe(expected);
  });
});
