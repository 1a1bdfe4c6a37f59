import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF, nextWait, parseRetryAfter, waitKindFor, type BackoffPolicy } from "../../verify/backoff.ts";

const { replicating, overloaded, network } = DEFAULT_BACKOFF;
const EQUAL_JITTER: BackoffPolicy = { initialMs: 500, factor: 2, maxMs: 8_000, jitter: 0.5 };

/** The smallest and largest pause a policy can draw before retry `retry`. */
const range = (policy: BackoffPolicy, retry: number) => [backoffDelay(policy, retry, () => 0.999999), backoffDelay(policy, retry, () => 0)];

describe("backoff", () => {
  it("waits out replication about once a second: [0.8, 1.2] s first, then [1.0, 1.5] s however long it lasts", () => {
    expect(range(replicating, 1)).toEqual([800, 1200]);
    for (const retry of [2, 3, 10, 1_000]) expect(range(replicating, retry)).toEqual([1000, 1500]);
  });

  it("asks at most about one request a second while waiting out replication, on average over a long wait", () => {
    // Mean pause of a long wait (random uniform in [0, 1)): the midpoint of the jittered range.
    const mean = (backoffDelay(replicating, 100, () => 0) + backoffDelay(replicating, 100, () => 0.999999)) / 2;
    expect(mean).toBeGreaterThanOrEqual(1000);
  });

  it("backs off from 429/5xx exponentially, 1 s doubling to a cap of 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffCeiling(overloaded, n))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("keeps network retries as they were: 500 ms doubling to a cap of 8 s, pause in [ceiling/2, ceiling]", () => {
    expect([1, 2, 3, 4, 5, 6, 100].map((n) => backoffCeiling(network, n))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(range(network, 4)).toEqual([2000, 4000]);
  });

  it.each([
    ["replicating", 401, "replicating"],
    ["replicating", undefined, "replicating"],
    ["throttled", 429, "overloaded"],
    ["throttled", 503, "overloaded"],
    ["transient", 500, "overloaded"],
    ["transient", 429, "overloaded"],
    ["transient", undefined, "network"],
    ["transient", 200, "network"],
  ] as const)("paces a %s retry with status %s as %s", (reason, status, kind) => {
    expect(waitKindFor(reason, status)).toBe(kind);
  });

  it("never overflows for absurd retry counts", () => {
    expect(backoffCeiling({ ...EQUAL_JITTER, factor: 10 }, 10_000)).toBe(8000);
  });

  it.each([
    [0, 4000],
    [0.5, 3000],
    [0.999999, 2000],
  ])("jitter with random %s keeps the pause in [ceiling × (1 − jitter), ceiling]: %s ms for retry 4", (r, expected) => {
    expect(backoffDelay(EQUAL_JITTER, 4, () => r)).toBe(expected);
  });

  it("honours Retry-After when it is longer than the backoff", () => {
    expect(nextWait({ policy: overloaded, retry: 1, random: () => 0, retryAfterMs: 3000, minIntervalMs: 250, remainingMs: 10_000 })).toEqual({ retry: true, waitMs: 3000 });
  });

  it("keeps the backoff when Retry-After asks for less", () => {
    expect(nextWait({ policy: overloaded, retry: 3, random: () => 0, retryAfterMs: 1000, minIntervalMs: 250, remainingMs: 60_000 })).toEqual({ retry: true, waitMs: 4000 });
  });

  it("keeps the rate floor even when the backoff is tiny", () => {
    expect(nextWait({ policy: { ...EQUAL_JITTER, initialMs: 10 }, retry: 1, random: () => 0, minIntervalMs: 250, remainingMs: 10_000 })).toEqual({ retry: true, waitMs: 250 });
  });

  it("does not schedule a retry past the deadline, and says whether Retry-After was the reason", () => {
    expect(nextWait({ policy: EQUAL_JITTER, retry: 4, random: () => 0, minIntervalMs: 250, remainingMs: 1000 })).toEqual({ retry: false, waitMs: 4000, why: "deadline" });
    expect(nextWait({ policy: overloaded, retry: 1, random: () => 0, retryAfterMs: 60_000, minIntervalMs: 250, remainingMs: 5000 })).toMatchObject({ retry: false, why: "retry-after-beyond-deadline" });
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
