import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeSpanMs, queueHostSettings, readHostJson } from '../../src/runtime/hostSettings.js';
import { MESSAGE_ENCODING, decodeMessage, encodeMessage } from '../../src/lib/storage/messageCodec.js';
import { resolveBindingExpression } from '../../src/runtime/localRuntime.js';
import { testConfig } from '../helpers/testServices.js';

void describe('host.json queue settings', () => {
  void test('TimeSpans parse as the host writes them', () => {
    assert.equal(parseTimeSpanMs('00:00:02'), 2000);
    assert.equal(parseTimeSpanMs('00:01:30'), 90_000);
    assert.equal(parseTimeSpanMs('1.00:00:00'), 86_400_000);
    assert.equal(parseTimeSpanMs('00:00:00.250'), 250);
    assert.throws(() => parseTimeSpanMs('2s'));
  });

  void test("the host's defaults apply to missing settings", () => {
    assert.deepEqual(queueHostSettings({}, 2), {
      batchSize: 16,
      newBatchThreshold: 16,
      maxPollingIntervalMs: 60_000,
      visibilityTimeoutMs: 0,
      maxDequeueCount: 5,
      messageEncoding: 'base64',
    });
  });

  void test("this app's host.json is read as written", () => {
    const settings = queueHostSettings(readHostJson(), 2);
    assert.equal(settings.batchSize, 16);
    assert.equal(settings.newBatchThreshold, 8);
    assert.equal(settings.maxDequeueCount, 5);
    assert.equal(settings.visibilityTimeoutMs, 5000);
  });

  void test('producers encode the way host.json tells the trigger to decode', () => {
    assert.equal(queueHostSettings(readHostJson(), 2).messageEncoding, MESSAGE_ENCODING);
    const text = encodeMessage({ job_id: 'x', ü: 'ñ' });
    assert.match(text, /^[A-Za-z0-9+/]+=*$/);
    assert.deepEqual(decodeMessage(text), { job_id: 'x', ü: 'ñ' });
    assert.equal(decodeMessage(Buffer.from('plain text').toString('base64')), 'plain text');
    assert.throws(() => decodeMessage('{"not": "base64"}'), /decoding has failed/);
  });

  void test('binding expressions resolve from settings, as the host resolves %NAME%', () => {
    const config = testConfig();
    assert.equal(
      resolveBindingExpression('%TRANSLATION_QUEUE%-poison', config),
      `${config.translationQueue}-poison`,
    );
    assert.equal(resolveBindingExpression('%PLAN_QUEUE%', config), config.planQueue);
    assert.throws(() => resolveBindingExpression('%NOPE%', config), /unknown setting NOPE/);
  });
});
