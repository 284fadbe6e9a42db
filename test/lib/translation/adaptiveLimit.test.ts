import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { fateOf } from '../../../src/lib/fate.js';
import { AdaptiveLimit } from '../../../src/lib/translation/adaptiveLimit.js';
import { AzureTranslator } from '../../../src/lib/translation/azure/azureTranslator.js';
import { ProviderError } from '../../../src/lib/translation/providerErrors.js';
import type { Piece } from '../../../src/lib/translation/translator.js';
import type { AzureTranslatorTestServer } from '../../helpers/azureTranslatorServer.js';
import { seededRandom } from '../../helpers/prng.js';
import { CharacterQuota, startQuotaTranslatorServer } from '../../helpers/quotaTranslatorServer.js';
import { VirtualClock } from '../../helpers/virtualClock.js';

const KEY = 'quota-key';
const paragraph = (chars: number): Piece[] => [
  { kind: 'text', text: 'the house is big. '.repeat(Math.ceil(chars / 18)).slice(0, chars) },
];

function translatorFor(
  server: AzureTranslatorTestServer,
  quota: AdaptiveLimit,
  retry = { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100, totalBudgetMs: 60_000 },
  sentAt: number[] = [],
) {
  return new AzureTranslator({
    endpoint: server.endpoint,
    auth: { kind: 'key', key: KEY },
    retry,
    concurrency: 8,
    requestTimeoutMs: 10_000,
    quota,
    fetch: (input, init) => {
      sentAt.push(performance.now());
      return fetch(input, init);
    },
  });
}

async function waitUntil(condition: () => boolean, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('AdaptiveLimit against the quota-enforcing Translator stand-in', () => {
  const servers: AzureTranslatorTestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('backs off on 429 and recovers with additive increase, without spending attempts', async () => {
    const { server, quota } = await startQuotaTranslatorServer({ charsPerSecond: 40_000 }, { key: KEY });
    servers.push(server);
    // Starts at five times the quota: the stand-in must push it down.
    const limit = new AdaptiveLimit({ initialCharsPerSecond: 200_000, increaseFraction: 0.2 });
    const afterDecrease: number[] = [];
    const throttled = limit.throttled.bind(limit);
    limit.throttled = (permit, retryAfterMs) => {
      const until = throttled(permit, retryAfterMs);
      afterDecrease.push(limit.state.charsPerSecond);
      return until;
    };
    // maxAttempts 1: any 429 that spent an attempt would fail its file.
    const translator = translatorFor(server, limit);
    const files = Array.from({ length: 12 }, () => [paragraph(5_000), paragraph(5_000)]);
    const results = await Promise.all(files.map((segments) => translator.translate({ segments, to: 'es' })));

    assert.equal(results.length, 12);
    assert.ok(quota.rejected >= 1, 'the stand-in throttled at least once');
    assert.equal(quota.acceptedChars, 12 * 10_000);
    assert.ok(limit.state.decreases >= 1, 'the limit decreased');
    const lowest = Math.min(...afterDecrease);
    assert.ok(lowest < 200_000, `backed off below the start (to ${lowest})`);
    assert.ok(
      limit.state.charsPerSecond > lowest,
      `recovered: ${limit.state.charsPerSecond} after a low of ${lowest}`,
    );
    console.log(
      `quota 40,000/s: ${quota.rejected} of ${quota.accepted + quota.rejected} requests rejected; rate ${lowest.toFixed(0)} after backing off, ${limit.state.charsPerSecond.toFixed(0)} at the end`,
    );
  });

  it('holds every request, in flight or new, until the one shared cool-down has passed', async () => {
    const { server } = await startQuotaTranslatorServer({ charsPerSecond: 1_000_000 }, { key: KEY });
    servers.push(server);
    server.plan({ status: 429, code: 429001, headers: { 'Retry-After': '1' } });
    const limit = new AdaptiveLimit({ initialCharsPerSecond: 1_000_000, maxJitterMs: 0 });
    const sentAt: number[] = [];
    const translator = translatorFor(server, limit, undefined, sentAt);
    const first = translator.translate({ segments: [paragraph(1_000)], to: 'es' });
    await waitUntil(() => limit.state.decreases === 1);
    const coolDownUntil = limit.state.coolDownUntil;
    const later = [1, 2, 3].map(() => translator.translate({ segments: [paragraph(1_000)], to: 'es' }));
    await Promise.all([first, ...later]);

    assert.deepEqual(
      server.received.map((r) => r.status),
      [429, 200, 200, 200, 200],
    );
    assert.equal(limit.state.decreases, 1);
    // Everything after the 429 (the retry and the three new calls) left once the cool-down had ended.
    for (const at of sentAt.slice(1)) assert.ok(at >= coolDownUntil, `${at} >= ${coolDownUntil}`);
  });

  it('gives a throttled item back to be retried later when the cool-down outlasts its retry budget', async () => {
    const { server } = await startQuotaTranslatorServer({ charsPerSecond: 1_000_000 }, { key: KEY });
    servers.push(server);
    server.plan({ status: 429, code: 429001, headers: { 'Retry-After': '30' } });
    const limit = new AdaptiveLimit({ initialCharsPerSecond: 1_000_000 });
    const translator = translatorFor(server, limit, {
      maxAttempts: 6,
      baseDelayMs: 10,
      maxDelayMs: 100,
      totalBudgetMs: 2_000,
    });
    const error = await translator.translate({ segments: [paragraph(1_000)], to: 'es' }).then(
      () => assert.fail('should be throttled'),
      (e: unknown) => e,
    );

    assert.ok(error instanceof ProviderError && error.kind === 'throttled');
    const fate = fateOf(error);
    assert.equal(fate.kind, 'retry_later');
    assert.equal(fate.kind === 'retry_later' && fate.delaySeconds, 30);
    // No attempt was made into the cool-down: the quota is spared, the queue brings the item back.
    assert.equal(server.requests, 1);
  });
});

/**
 * Workers sending requests of 5,000-50,000 characters (seeded) through `limit` to a token-bucket quota, on a
 * virtual clock: 20 ms for a request to reach the provider, its answer some tens of ms later.
 */
async function driveAgainstQuota(
  limit: AdaptiveLimit,
  clock: VirtualClock,
  quota: CharacterQuota,
  seconds: number,
  seed = 7,
): Promise<void> {
  const sizes = seededRandom(seed);
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const chars = 5_000 + Math.floor(sizes() * 45_000);
      for (;;) {
        const permit = await limit.acquire(chars);
        if (!permit || stop) return;
        await clock.sleep(20);
        const rejection = quota.admit(chars);
        await clock.sleep(rejection ? 5 : 30 + chars / 1_000);
        if (!rejection) {
          limit.succeeded(permit);
          break;
        }
        limit.throttled(permit, Number(rejection.headers['Retry-After']) * 1000);
      }
    }
  };
  for (let i = 0; i < 16; i++) void worker();
  await clock.runUntil(clock.now() + seconds * 1000);
  stop = true;
}

function virtualQuota(clock: VirtualClock, charsPerSecond: number, retryAfterUnitMs = 1000): CharacterQuota {
  return new CharacterQuota({ charsPerSecond, windowSeconds: 1, retryAfterUnitMs, now: () => clock.now() });
}

describe('AdaptiveLimit on a virtual clock', () => {
  it('decreases to just under the quota it measured between 429s, not by a fixed factor', async () => {
    const clock = new VirtualClock();
    const quota = virtualQuota(clock, 200_000);
    const limit = new AdaptiveLimit({ initialCharsPerSecond: 400_000, clock });
    const measuredDecreases: { measured: number; rate: number }[] = [];
    const throttled = limit.throttled.bind(limit);
    limit.throttled = (permit, retryAfterMs) => {
      const before = limit.state.decreases;
      const until = throttled(permit, retryAfterMs);
      const { measuredCharsPerSecond: measured, charsPerSecond: rate, decreases } = limit.state;
      if (decreases > before && measured !== undefined) measuredDecreases.push({ measured, rate });
      return until;
    };
    await driveAgainstQuota(limit, clock, quota, 60);

    assert.ok(measuredDecreases.length >= 1, 'a 429 measured the quota');
    for (const { measured, rate } of measuredDecreases) {
      // The stand-in overflows during whole-second cool-downs of a 1 s window: readings may be a little low.
      assert.ok(measured > 0.9 * 200_000 && measured < 1.05 * 200_000, `measured ${measured} of 200,000`);
      assert.equal(rate, measured * 0.97);
    }
    console.log(
      `quota 200,000/s: measured ${measuredDecreases.map((d) => d.measured.toFixed(0)).join(', ')}; ${quota.rejected} of ${quota.accepted + quota.rejected} rejected`,
    );
  });

  it('lets a request go once the bank holds it, and resumes at the cool-down’s end with what it saved', async () => {
    const clock = new VirtualClock();
    const limit = new AdaptiveLimit({ initialCharsPerSecond: 10_000, maxJitterMs: 0, clock });
    const sentAt: number[] = [];
    const send = (chars: number) =>
      limit.acquire(chars).then((permit) => {
        assert.ok(permit);
        sentAt.push(clock.now());
        return permit;
      });
    // The bank starts with one second (10,000): the first request leaves at once, the next after 0.5 s.
    const first = send(10_000);
    const second = send(5_000);
    await clock.runUntil(600);
    assert.deepEqual(sentAt, [0, 500]);

    limit.throttled(await second, 2_000);
    const coolDownUntil = limit.state.coolDownUntil;
    assert.equal(coolDownUntil, 2_600);
    // A request as large as the bank can hold leaves exactly when the cool-down ends: the bank refilled in it.
    const third = send(limit.state.charsPerSecond);
    await clock.runUntil(5_000);
    await Promise.all([first, third]);
    assert.deepEqual(sentAt, [0, 500, coolDownUntil]);
  });

  it('probes by a constant step up to the measured quota and by a growing one beyond it', async () => {
    const clock = new VirtualClock();
    const quota = virtualQuota(clock, 200_000, 1000 / 60);
    const limit = new AdaptiveLimit({ initialCharsPerSecond: 400_000, clock });
    await driveAgainstQuota(limit, clock, quota, 30);
    const measured = limit.state.measuredCharsPerSecond;
    assert.ok(measured !== undefined, 'a 429 measured the quota');

    // Right after a measured decrease, accepted requests that waited for the limit raise the rate.
    const acquired = limit.acquire(1_000);
    await clock.runUntil(clock.now() + 5_000);
    const permit = await acquired;
    assert.ok(permit);
    limit.throttled(permit, 0);
    const steps: number[] = [];
    for (let i = 0; i < 80; i++) {
      const before = limit.state.charsPerSecond;
      limit.succeeded({ ...permit, epoch: limit.state.decreases, waited: true });
      steps.push(limit.state.charsPerSecond - before);
    }
    const below = steps.filter((_, i) => i < 20);
    assert.ok(
      below.every((s) => Math.abs(s - (below[0] ?? 0)) < 1e-9),
      `constant below: ${below.join(', ')}`,
    );
    assert.ok((steps.at(-1) ?? 0) > 2 * (below[0] ?? 0), `growing beyond: ${steps.at(-1)} after ${below[0]}`);
    assert.ok(limit.state.charsPerSecond > (limit.state.measuredCharsPerSecond ?? Infinity));
  });

  for (const [form, unitMs] of [
    ['whole-second', 1000],
    ['time-scaled (1/60 s)', 1000 / 60],
  ] as const) {
    it(`keeps a quota at least 0.95 busy with at most 5% of requests rejected (${form} Retry-After)`, async () => {
      // Runs as long as the benchmark's (24 s), where the start and each 429 weigh most, on ten seeds.
      const runs: { busy: number; rejected: number }[] = [];
      for (let seed = 1; seed <= 10; seed++) {
        const clock = new VirtualClock(seed);
        const quota = virtualQuota(clock, 200_000, unitMs);
        const limit = new AdaptiveLimit({ initialCharsPerSecond: 198_000, clock });
        await driveAgainstQuota(limit, clock, quota, 24, seed);
        runs.push({ busy: quota.busyFraction, rejected: quota.rejectedFraction });
      }
      const figures = runs.map((r) => `${r.busy.toFixed(3)}/${(r.rejected * 100).toFixed(1)}%`).join(' ');
      console.log(`${form}, busy/rejected per seed: ${figures}`);
      for (const run of runs) {
        assert.ok(run.busy >= 0.95 && run.rejected <= 0.05, `busy/rejected per seed: ${figures}`);
      }
    });
  }
});
