import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../../src/lib/translation/providerErrors.js';
import { INSTRUMENTS } from '../../../src/lib/telemetry/instruments.js';
import { counterTotal } from '../../helpers/metrics.js';

void describe('metric hooks', () => {
  void test('every throttling answer a provider gives is counted once, by provider; other failures are not', async () => {
    const name = INSTRUMENTS.providerThrottled.name;
    const before = await counterTotal(name, { provider: 'azure' });
    const others = await counterTotal(name);
    new ProviderError('azure', 'throttled', 'Too many requests', '429', 1000);
    new ProviderError('azure', 'throttled', 'Too many requests', '429');
    new ProviderError('azure', 'unavailable', 'Service unavailable', '503');
    new ProviderError('apertium', 'rejected', 'Bad request', '400');
    assert.equal((await counterTotal(name, { provider: 'azure' })) - before, 2);
    assert.equal((await counterTotal(name)) - others, 2);
  });
});
