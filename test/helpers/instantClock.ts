/**
 * Virtual time that never waits: each sleep moves the clock at once and is recorded, so a retry's waits are
 * asserted without waiting for them. (virtualClock.ts is for concurrent work, where timers must fire in order.)
 */
import type { RetryClock } from '../../src/lib/translation/azure/retryPolicy.js';

export interface InstantClock extends RetryClock {
  readonly sleeps: number[];
  time: number;
}

export function instantClock({ start = 0, random = 0.5 } = {}): InstantClock {
  const clock: InstantClock = {
    sleeps: [],
    time: start,
    now: () => clock.time,
    sleep: (ms) => {
      clock.sleeps.push(ms);
      clock.time += ms;
      return Promise.resolve();
    },
    random: () => random,
  };
  return clock;
}
