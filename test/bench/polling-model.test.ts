import { describe, expect, it } from "vitest";
import { fixedPolling, fixedSleep, pollingOverPhases, requestsPerSecond } from "../../bench/lib/polling-model.ts";

const base = { intervalMs: 10_000, attemptMs: 100, requestsPerRejectedAttempt: 1, requestsPerSuccess: 2 };

describe("fixedPolling", () => {
  it("succeeds at the first attempt at or after the acceptance moment", () => {
    expect(fixedPolling({ ...base, acceptAfterMs: 5_000, firstAttemptAtMs: 0 })).toEqual({ attempts: 2, requests: 3, greenAtMs: 10_100, lagMs: 5_100 });
  });

  it("counts an attempt exactly at the acceptance moment as accepted", () => {
    expect(fixedPolling({ ...base, acceptAfterMs: 30_000, firstAttemptAtMs: 0 })).toMatchObject({ attempts: 4, lagMs: 100 });
  });

  it("misses by almost a whole interval when acceptance comes just after an attempt", () => {
    expect(fixedPolling({ ...base, acceptAfterMs: 30_001, firstAttemptAtMs: 0 })).toMatchObject({ attempts: 5, lagMs: 10_099 });
  });

  it("counts two requests per rejected attempt when Graph is what refuses", () => {
    expect(fixedPolling({ ...base, requestsPerRejectedAttempt: 2, acceptAfterMs: 25_000, firstAttemptAtMs: 0 }).requests).toBe(3 * 2 + 2);
  });

  it("succeeds at once when already accepted", () => {
    expect(fixedPolling({ ...base, acceptAfterMs: 0, firstAttemptAtMs: 2_000 })).toMatchObject({ attempts: 1, requests: 2, lagMs: 2_100 });
  });

  it("refuses an interval of zero", () => {
    expect(() => fixedPolling({ ...base, intervalMs: 0, acceptAfterMs: 1, firstAttemptAtMs: 0 })).toThrow(RangeError);
  });
});

describe("pollingOverPhases", () => {
  it("spreads the first attempt evenly over one interval, so the lag spans [0, interval) plus one attempt", () => {
    const outcomes = pollingOverPhases({ ...base, acceptAfterMs: 30_000 }, 10);
    const lags = outcomes.map((o) => o.lagMs!).sort((a, b) => a - b);
    expect(lags).toEqual([600, 1_600, 2_600, 3_600, 4_600, 5_600, 6_600, 7_600, 8_600, 9_600]);
  });

  it("refuses a non-integer number of steps", () => {
    expect(() => pollingOverPhases({ ...base, acceptAfterMs: 1 }, 1.5)).toThrow(RangeError);
  });
});

describe("fixedSleep", () => {
  it("is late by the sleep minus the replication delay, plus one attempt", () => {
    expect(fixedSleep({ acceptAfterMs: 5_000, sleepMs: 180_000, attemptMs: 100, requestsPerSuccess: 2, requestsPerRejectedAttempt: 1 })).toEqual({ attempts: 1, requests: 2, greenAtMs: 180_100, lagMs: 175_100 });
  });

  it("never goes green when replication outlasts the sleep", () => {
    expect(fixedSleep({ acceptAfterMs: 200_000, sleepMs: 180_000, attemptMs: 100, requestsPerSuccess: 2, requestsPerRejectedAttempt: 1 })).toMatchObject({ greenAtMs: undefined, lagMs: undefined, requests: 1 });
  });
});

describe("requestsPerSecond", () => {
  it("averages requests over the time from the deploy to green", () => {
    expect(requestsPerSecond({ attempts: 2, requests: 3, greenAtMs: 1_500, lagMs: 0 })).toBe(2);
  });

  it("is undefined when never green", () => {
    expect(requestsPerSecond({ attempts: 1, requests: 1, greenAtMs: undefined, lagMs: undefined })).toBeUndefined();
  });
});
