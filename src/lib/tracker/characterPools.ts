import type { TableClient } from '@azure/data-tables';
import { returnCharacters } from './returnCharacters.js';
import { takeCharacters } from './takeCharacters.js';

/** How many characters a process takes from a budget row at once, when that many remain. */
export const BUDGET_BLOCK_CHARACTERS = 10_000;

interface Pool {
  /** Taken from the row, reserved by no call yet. */
  held: number;
  /** Calls that reserved and have not settled. */
  inFlight: number;
  /** Operations waiting or running. */
  queued: number;
  /** This job's pool operations run one at a time in a process: each waits for the previous one. */
  tail: Promise<unknown>;
}

/**
 * A job's character budget as one process draws on it. Calls reserve from the process's pool, which takes
 * blocks of max(needed, min(10,000, remaining / 4)) from the job's budget row under its ETag, so a busy
 * worker touches the row once per block rather than once per call, and blocks shrink as the budget runs out,
 * so no process hoards the last characters while another's files fail for want of them; what a call did not use goes back to the pool,
 * and the pool gives everything back to the row whenever no call of the job is in flight in this process.
 * The row never hands out more than the maximum, and a pool never more than it took: the sum of all charges
 * cannot exceed the budget, however many processes and calls run at once.
 */
export class CharacterPools {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly table: TableClient,
    private readonly blockCharacters = BUDGET_BLOCK_CHARACTERS,
  ) {}

  /** True when `characters` are now reserved for one call; false when the budget cannot cover them. */
  reserve(jobId: string, characters: number): Promise<boolean> {
    return this.serially(jobId, async (pool) => {
      if (pool.held < characters) {
        const missing = characters - pool.held;
        const taken = await takeCharacters(this.table, jobId, {
          atLeast: missing,
          upTo: (remaining) => Math.max(missing, Math.min(this.blockCharacters, Math.floor(remaining / 4))),
        });
        if (taken === 0) {
          await this.giveBackIfIdle(jobId, pool);
          return false;
        }
        pool.held += taken;
      }
      pool.held -= characters;
      pool.inFlight += 1;
      return true;
    });
  }

  /** After the call: `charged` of its `reserved` characters were spent; the rest is free again. */
  settle(jobId: string, reserved: number, charged: number): Promise<void> {
    return this.serially(jobId, async (pool) => {
      pool.inFlight = Math.max(0, pool.inFlight - 1);
      const unused = reserved - charged;
      if (unused >= 0) pool.held += unused;
      else {
        // The provider billed more than was reserved: it is spent, so the budget must show it.
        const fromPool = Math.min(pool.held, -unused);
        pool.held -= fromPool;
        const rest = -unused - fromPool;
        if (rest > 0) await takeCharacters(this.table, jobId, { atLeast: rest, upTo: rest, force: true });
      }
      await this.giveBackIfIdle(jobId, pool);
    });
  }

  private async giveBackIfIdle(jobId: string, pool: Pool): Promise<void> {
    if (pool.inFlight > 0 || pool.held === 0) return;
    const held = pool.held;
    await returnCharacters(this.table, jobId, held);
    pool.held -= held;
  }

  private serially<T>(jobId: string, run: (pool: Pool) => Promise<T>): Promise<T> {
    let pool = this.pools.get(jobId);
    if (!pool) {
      pool = { held: 0, inFlight: 0, queued: 0, tail: Promise.resolve() };
      this.pools.set(jobId, pool);
    }
    const current = pool;
    current.queued += 1;
    const result = current.tail.then(() => run(current));
    current.tail = result
      .catch(() => undefined)
      .then(() => {
        current.queued -= 1;
        // An idle, empty pool is forgotten, so finished jobs do not pile up in a long-lived process.
        if (current.queued === 0 && current.inFlight === 0 && current.held === 0) this.pools.delete(jobId);
      });
    return result;
  }
}
