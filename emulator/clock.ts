// The emulator's clock: an injectable base clock plus an offset that tests move forward, so
// expiry, token lifetimes and replication windows can be exercised without sleeping.
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

/**
 * 9999-12-31T23:59:59Z. Every time the emulator writes (RFC 3339 dates, AADSTS timestamps) must
 * stay a four-digit year; past JavaScript's Date range, toISOString() throws on every request.
 */
export const LATEST_TIME_MS = 253_402_300_799_000;

export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`advanceClock(${ms}): the clock only moves forward by a finite number of milliseconds; pass ms >= 0`);
      }
      if (base() + offset + ms > LATEST_TIME_MS) {
        throw new RangeError(`advanceClock(${ms}): that would move the clock past 9999-12-31T23:59:59Z, the last time the emulator can write`);
      }
      offset += ms;
    },
  };
}
