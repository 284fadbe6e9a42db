import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { fateOf } from '../../../src/lib/fate.js';
import { AdaptiveLimit } from '../../../src/lib/translation/adaptiveLimit.js';
import { AzureTranslator } from '../../../src/lib/translation/azure/azureTranslator.js';
import { ProviderError } from '../../../src/lib/translation/providerErrors.js';
import type { Piece } from '../../../src/lib/translation/translator.js';
import type { AzureTranslatorTestServer } from '../../helpers/azureTranslatorServer.js';
import { startQuotaTranslatorServer } from '../../helpers/quotaTranslatorServer.js';

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
