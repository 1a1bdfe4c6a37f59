// The emulator's clock: an injectable base clock plus an offset that tests move forward, so
// expiry, token lifetimes and replication windows can be exercised without sleeping.
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`advanceClock(${ms}): the clock only moves forward by a finite number of milliseconds; pass ms >= 0`);
      }
      offset += ms;
    },
  };
}
