import { Piscina } from 'piscina';
import { PermanentItemError } from '../../errors.js';
import { SharedParses } from './sharedParses.js';
import type { FormatContext } from '../../formats/format.js';
import { isTaskStarted, type ParseOutcome, type ParseTask, type ParseValue } from './parseTask.js';

type KeyedSegments = ParseValue<'keyedSegments'>;

/** How many parse threads run at once, and how much time and memory one step on one part may take. */
export interface ParseSettings {
  threads: number;
  timeLimitSeconds: number;
  memoryLimitMb: number;
}

/**
 * The thread module next to this one, in the layout this module runs from: `.ts` under tsx (tests, `npm run
 * serve`), `.js` when compiled (`dist/`, what the Functions host loads).
 */
const sourceLayout = import.meta.url.endsWith('.ts');
const THREAD_MODULE = new URL(`./parseThread.${sourceLayout ? 'ts' : 'js'}`, import.meta.url).href;

/**
 * From TypeScript source the threads need tsx's loader; only that is passed on, never the parent's other
 * flags (a test runner's `--test` or preloads would run again in every thread). Compiled, they need none.
 */
const threadExecArgv = (): string[] => (sourceLayout ? ['--import', import.meta.resolve('tsx')] : []);

/** Linux niceness added to parse threads (through piscina's optional @napi-rs/nice; ignored elsewhere). */
const PARSE_NICENESS = 10;

const tooComplex = (bound: string) =>
  new PermanentItemError('document_too_complex', `The file is too complex to process: ${bound}.`);

const isOutOfMemory = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';

/**
 * Runs the CPU-bound steps of the text pipeline (cutting, parsing, rendering) on worker threads, so the
 * event loop that serves HTTP and renews message leases never waits on a parser. Each step is bounded: a
 * thread that runs one longer than `timeLimitSeconds` is terminated, and one whose heap outgrows
 * `memoryLimitMb` dies of it; either way the pool replaces the thread and the file fails with
 * `document_too_complex`.
 */
export class ParsePool {
  private pool?: Piscina;
  private nextId = 1;
  /** Starts the time limit of a task once a thread reports it has begun. */
  private readonly onStart = new Map<number, () => void>();
  private readonly shared = new SharedParses<KeyedSegments>();

  constructor(readonly settings: ParseSettings) {}

  private piscina(): Piscina {
    if (this.pool) return this.pool;
    const pool = new Piscina({
      filename: THREAD_MODULE,
      // Every thread is kept: Piscina replaces a terminated thread only up to minThreads, and with fewer, tasks
      // queued behind terminated ones would wait for a next task to start a thread. Idle threads are unref'd,
      // so they never keep a process alive.
      minThreads: this.settings.threads,
      maxThreads: this.settings.threads,
      execArgv: threadExecArgv(),
      // Parsing yields the CPU to the main thread (HTTP, lease renewals, storage calls) when both want it.
      niceIncrement: PARSE_NICENESS,
      resourceLimits: { maxOldGenerationSizeMb: this.settings.memoryLimitMb },
    });
    // A thread that dies with no task on it (a task's death rejects that task) costs nothing: the pool starts
    // another when one is needed. Without a listener, Piscina's 'error' event would crash the process.
    pool.on('error', () => undefined);
    pool.on('message', (message: unknown) => {
      if (isTaskStarted(message)) this.onStart.get(message.parseTaskStarted)?.();
    });
    this.pool = pool;
    return pool;
  }

  async run<K extends ParseTask['kind']>(task: ParseTask & { kind: K }): Promise<ParseValue<K>> {
    const { timeLimitSeconds, memoryLimitMb } = this.settings;
    const id = this.nextId++;
    const overtime = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    this.onStart.set(id, () => {
      timer = setTimeout(() => overtime.abort(), timeLimitSeconds * 1000);
    });
    let outcome: ParseOutcome;
    try {
      outcome = (await this.piscina().run({ ...task, id }, { signal: overtime.signal })) as ParseOutcome;
    } catch (error) {
      if (overtime.signal.aborted) {
        throw tooComplex(`one step of parsing it ran longer than the ${timeLimitSeconds} s limit`);
      }
      if (isOutOfMemory(error)) {
        throw tooComplex(`parsing it needed more than the ${memoryLimitMb} MB memory limit`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      this.onStart.delete(id);
    }
    if (!outcome.ok)
      throw new PermanentItemError(outcome.code as PermanentItemError['code'], outcome.message);
    return outcome.value as ParseValue<K>;
  }

  /**
   * A part's keyed segments for a format whose segments do not depend on the target language
   * (`TextFormat.sameSegmentsForEveryTarget`): parsed once for all the items that ask for the same text and
   * context while it is remembered, whatever their target (see SharedParses).
   */
  segmentsForAnyTarget(format: string, text: string, context: FormatContext): Promise<KeyedSegments> {
    const anyTarget = JSON.stringify({ ...context, targetLanguage: '' });
    return this.shared.take(`${format}\u0000${anyTarget}\u0000${text}`, text.length, () =>
      this.run({ kind: 'keyedSegments', format, text, context }),
    );
  }

  /** Ends every thread (and fails whatever is still running or queued); the pool starts afresh if used again. */
  async destroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}

const shared = new Map<string, ParsePool>();

/** One pool per process and settings: every Services built from the same config shares its threads. */
export function parsePoolFor(settings: ParseSettings): ParsePool {
  const key = `${settings.threads}/${settings.timeLimitSeconds}/${settings.memoryLimitMb}`;
  let pool = shared.get(key);
  if (!pool) {
    pool = new ParsePool(settings);
    shared.set(key, pool);
  }
  return pool;
}

/** Ends the threads of every shared pool (process shutdown). */
export async function closeParsePools(): Promise<void> {
  await Promise.all([...shared.values()].map((pool) => pool.destroy()));
}
