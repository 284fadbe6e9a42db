/**
 * Benchmark 5: how much of a provider's character quota the pipeline keeps busy, and how many of its requests
 * the provider rejects with 429, with and without the adaptive limit (src/lib/translation/adaptiveLimit.ts).
 * The provider is the Azure client talking HTTP to the quota-enforcing v3 stand-in
 * (test/helpers/quotaTranslatorServer.ts); the worker's concurrency is simulated by loops that each take the
 * next file, translate it, and on a retry_later fate (fate.ts) put it back after the delay it names, as the
 * queue would.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { fateOf } from '../src/lib/fate.js';
import { AdaptiveLimit } from '../src/lib/translation/adaptiveLimit.js';
import { AzureTranslator } from '../src/lib/translation/azure/azureTranslator.js';
import type { Piece } from '../src/lib/translation/translator.js';
import { seededRandom } from '../test/helpers/prng.js';
import { startQuotaTranslatorServer } from '../test/helpers/quotaTranslatorServer.js';

export interface QuotaStandIn {
  name: string;
  retryAfterUnitMs: number;
}

const WHOLE_SECONDS: QuotaStandIn = { name: 'whole-second Retry-After', retryAfterUnitMs: 1000 };

export const QUOTA_SETUP = {
  charsPerSecond: 200_000,
  windowSeconds: 1,
  /**
   * How the stand-in words Retry-After. The service's window is about a minute and its Retry-After (when it
   * sends one) whole seconds; with the window scaled down to 1 s, whole seconds make every cool-down as long as
   * the window (60 times harsher than the service: the provider refills to full and overflows in each), while
   * the time-scaled form keeps the service's ratio by giving Retry-After in sixtieths of the window.
   */
  standIns: [WHOLE_SECONDS, { name: 'time-scaled Retry-After (1/60 s)', retryAfterUnitMs: 1000 / 60 }],
  concurrentItems: 24,
  translatorConcurrency: 16,
  smallFiles: 120,
  smallChars: [5_000, 50_000] as const,
  largeFiles: 8,
  largeChars: [150_000, 250_000] as const,
  /** As createTranslator builds it, the budget included. */
  retry: { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 30_000, totalBudgetMs: 120_000 },
};

/**
 * The limit's first rate, scaled like the quota: the default setting (11,000/s) is 0.99 of S1's 40 M/hour.
 * A cold start far below the quota spends a few seconds in slow start, which a 30-second run would magnify.
 */
export const START_CHARS_PER_SECOND = Math.round(QUOTA_SETUP.charsPerSecond * (11_000 / (40_000_000 / 3600)));

export interface QuotaResult {
  mode: 'no limit' | 'adaptive limit';
  standIn: string;
  seconds: number;
  files: number;
  characters: number;
  accepted: number;
  rejected: number;
  busyFraction: number;
  /** Busy until the queue ran dry (the last file was taken): without the tail where fewer items remain. */
  busyUntilDrained: number;
  rejectedFraction: number;
  /** Items given back with a retry_later fate (they come back after the delay, as from the queue). */
  retryLater: number;
  /** Mean characters of the accepted requests of large files (over 50,000 characters). */
  largeCharsPerRequest: number;
  /** Accepted requests of large files, and the fewest the 50,000-character limit allows for them. */
  largeRequests: number;
  largeMinimumRequests: number;
  smallCharsPerRequest: number;
  finalCharsPerSecond?: number;
  /** The provider's quota as the limit last measured it (characters per second). */
  measuredCharsPerSecond?: number;
  decreases?: number;
}

const WORDS = 'the house is big and we translate documents every day with good weather today'.split(' ');

function paragraphs(random: () => number, chars: number): Piece[][] {
  const segments: Piece[][] = [];
  let left = chars;
  while (left > 0) {
    let text = '';
    const target = Math.min(left, 300 + Math.floor(random() * 600));
    while (text.length < target) text += `${WORDS[Math.floor(random() * WORDS.length)] ?? 'the'} `;
    text = `${text.slice(0, target - 1).trimEnd()}.`;
    segments.push([{ kind: 'text', text }]);
    left -= text.length;
  }
  return segments;
}

interface File {
  segments: Piece[][];
  to: string;
  chars: number;
}

export function workload(): File[] {
  const random = seededRandom(5);
  const between = ([lo, hi]: readonly [number, number]) => lo + Math.floor(random() * (hi - lo));
  const files: File[] = [];
  // Large files go to French and small ones to Spanish, so the server's log tells their requests apart.
  for (let i = 0; i < QUOTA_SETUP.smallFiles; i++) {
    const chars = between(QUOTA_SETUP.smallChars);
    files.push({ segments: paragraphs(random, chars), to: 'es', chars });
  }
  for (let i = 0; i < QUOTA_SETUP.largeFiles; i++) {
    const chars = between(QUOTA_SETUP.largeChars);
    // Spread among the small ones so they meet a busy quota, not an idle one.
    files.splice(Math.floor(random() * files.length), 0, {
      segments: paragraphs(random, chars),
      to: 'fr',
      chars,
    });
  }
  return files;
}

export async function run(
  mode: QuotaResult['mode'],
  files: File[],
  standIn: QuotaStandIn = WHOLE_SECONDS,
): Promise<QuotaResult> {
  const { server, quota } = await startQuotaTranslatorServer(
    {
      charsPerSecond: QUOTA_SETUP.charsPerSecond,
      windowSeconds: QUOTA_SETUP.windowSeconds,
      retryAfterUnitMs: standIn.retryAfterUnitMs,
    },
    { key: 'bench' },
  );
  const limit =
    mode === 'adaptive limit'
      ? new AdaptiveLimit({ initialCharsPerSecond: START_CHARS_PER_SECOND })
      : undefined;
  const translator = new AzureTranslator({
    endpoint: server.endpoint,
    auth: { kind: 'key', key: 'bench' },
    retry: QUOTA_SETUP.retry,
    concurrency: QUOTA_SETUP.translatorConcurrency,
    requestTimeoutMs: 60_000,
    ...(limit ? { quota: limit } : {}),
  });
  const queue = [...files];
  let pending = files.length;
  let retryLater = 0;
  let drainedAt: number | undefined;
  const started = performance.now();
  const worker = async () => {
    while (pending > 0) {
      const file = queue.shift();
      if (!file) {
        // From here on fewer items run than loops: the tail, which any consumer has.
        drainedAt ??= performance.now();
        await delay(20);
        continue;
      }
      try {
        await translator.translate({ segments: file.segments, to: file.to, from: 'en' });
        pending--;
      } catch (error) {
        const fate = fateOf(error);
        if (fate.kind !== 'retry_later') throw error;
        retryLater++;
        setTimeout(() => queue.push(file), fate.delaySeconds * 1000);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: QUOTA_SETUP.concurrentItems }, worker));
    const seconds = (performance.now() - started) / 1000;
    const perRequest = (to: string) => {
      const ok = server.received.filter((r) => r.status === 200 && r.query.get('to') === to);
      return ok.reduce((n, r) => n + r.texts.reduce((m, t) => m + t.length, 0), 0) / Math.max(1, ok.length);
    };
    return {
      mode,
      standIn: standIn.name,
      seconds,
      files: files.length,
      characters: files.reduce((n, f) => n + f.chars, 0),
      accepted: quota.accepted,
      rejected: quota.rejected,
      busyFraction: quota.busyFraction,
      busyUntilDrained: quota.busyFractionUntil(drainedAt ?? performance.now()),
      rejectedFraction: quota.rejectedFraction,
      retryLater,
      largeCharsPerRequest: perRequest('fr'),
      largeRequests: server.received.filter((r) => r.status === 200 && r.query.get('to') === 'fr').length,
      largeMinimumRequests: files
        .filter((f) => f.to === 'fr')
        .reduce((n, f) => n + Math.ceil(f.chars / 50_000), 0),
      smallCharsPerRequest: perRequest('es'),
      ...(limit
        ? {
            finalCharsPerSecond: limit.state.charsPerSecond,
            decreases: limit.state.decreases,
            ...(limit.state.measuredCharsPerSecond === undefined
              ? {}
              : { measuredCharsPerSecond: limit.state.measuredCharsPerSecond }),
          }
        : {}),
    };
  } finally {
    await server.close();
  }
}

/** Both modes against each form of the stand-in, on the same files, one after the other in one run. */
export async function measureQuota(log: (line: string) => void): Promise<QuotaResult[]> {
  const files = workload();
  const results: QuotaResult[] = [];
  for (const standIn of QUOTA_SETUP.standIns) {
    // Without the limit the time-scaled waits only multiply the hammering (over 90% of some 20,000 requests
    // rejected, minutes of run time in trials): compared once, against whole seconds.
    const modes =
      standIn === WHOLE_SECONDS ? (['no limit', 'adaptive limit'] as const) : (['adaptive limit'] as const);
    for (const mode of modes) {
      log(`quota: ${mode}, ${standIn.name}...`);
      const r = await run(mode, files, standIn);
      log(
        `  busy ${r.busyFraction.toFixed(3)} (${r.busyUntilDrained.toFixed(3)} until the queue ran dry), rejected ${(r.rejectedFraction * 100).toFixed(1)}% (${r.rejected}/${r.accepted + r.rejected}), ${r.seconds.toFixed(1)} s, ${r.retryLater} retry_later`,
      );
      results.push(r);
    }
  }
  return results;
}
