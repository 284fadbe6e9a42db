/**
 * A clock whose time only moves when everything that can run has run: `sleep` registers a timer, and `runUntil`
 * settles pending promise callbacks, then jumps to the earliest timer. Minutes of pacing and cool-downs run
 * in milliseconds, the same on every run, so their outcome can be asserted without timing anything.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { RetryClock } from '../../src/lib/translation/azure/retryPolicy.js';
import { seededRandom } from './prng.js';

interface Timer {
  at: number;
  order: number;
  resolve: () => void;
}

export class VirtualClock implements RetryClock {
  private time = 0;
  private order = 0;
  private readonly timers: Timer[] = [];
  readonly random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  now(): number {
    return this.time;
  }

  /** Like a Node timer: at least 1 ms, in whole milliseconds. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(1, Math.ceil(ms)), order: this.order++, resolve });
    });
  }

  /** Runs timers in time order until `end` (clock time) or until nothing is left to run. */
  async runUntil(end: number): Promise<void> {
    for (;;) {
      // A few turns of the event loop let chains of awaits reach their next sleep.
      for (let i = 0; i < 3; i++) await yieldToEventLoop();
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers[0];
      if (!next || next.at > end) {
        this.time = Math.max(this.time, end);
        return;
      }
      this.timers.shift();
      this.time = next.at;
      next.resolve();
    }
  }
}
