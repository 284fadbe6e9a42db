import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { settleItem } from '../../../src/lib/worker/settleItem.js';
import { CountingTranslator } from '../../helpers/countingTranslator.js';
import { jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import { drainItemMessages } from '../../helpers/planner.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('a redelivered message of an item already recorded', () => {
  let env: TestEnvironment;
  const translator = new CountingTranslator(new PseudoTranslator());
  before(async () => {
    env = await testEnvironment({ TRANSLATION_CACHE: 'false' }, { translator });
  });
  after(() => env.cleanup());

  void test('is settled as a duplicate without calling the provider', async () => {
    const source = await env.sourceContainer({ 'a.txt': 'Hello there.\n', 'b.txt': 'Another file.\n' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planFully(env.services);
    const [first, second] = await drainItemMessages(env.services);
    assert.ok(first && second);
    await settleItem(env.services, first, { number: 1 });
    const callsAfterFirst = translator.calls;
    assert.ok(callsAfterFirst > 0);

    // The host redelivers it (the first run's delete was lost): dequeue count 2.
    const again = await settleItem(env.services, first, { number: 2 });
    assert.equal(again.kind, 'recorded');
    assert.ok(again.kind === 'recorded' && again.result === 'duplicate' && again.status === 'succeeded');
    assert.equal(translator.calls, callsAfterFirst, 'the provider was not called again');

    await settleItem(env.services, second, { number: 1 });
    const status = await jobStatus(env.services, job.job_id);
    assert.deepEqual([status.status, status.succeeded_files, status.processed_files], ['completed', 2, 2]);
    assert.deepEqual(translator.repeated(), []);
  });
});
