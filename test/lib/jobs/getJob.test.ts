import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getJob } from '../../../src/lib/jobs/getJob.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { planFully, submitJob } from '../../helpers/jobs.js';
import { countingStorage } from '../../helpers/requestCounter.js';
import { createServices } from '../../../src/lib/services.js';

void describe('GET /api/jobs/{id} cost', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment({ PLANNER_PAGE_SIZE: '200' });
  });
  after(async () => env.cleanup());

  async function plannedJob(files: number, languages: string[]): Promise<string> {
    const content: Record<string, string> = {};
    for (let i = 0; i < files; i++) content[`f/${i}.txt`] = `text ${i}`;
    const source = await env.sourceContainer(content);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: languages,
    });
    await planFully(env.services);
    return job.job_id;
  }

  void test('is one storage request whether the job has 10 items or 600', async () => {
    const small = await plannedJob(5, ['es', 'fr']);
    const large = await plannedJob(300, ['es', 'fr']);
    const { storage, tableRequests: requests } = countingStorage(env.config);
    const counted = createServices(env.config, { storage });

    requests.reset();
    const smallStatus = await getJob(counted, small);
    const smallCalls = requests.count;
    requests.reset();
    const largeStatus = await getJob(counted, large);
    const largeCalls = requests.count;

    assert.equal(smallStatus.total_files, 10);
    assert.equal(largeStatus.total_files, 600);
    assert.equal(smallCalls, 1);
    assert.equal(largeCalls, 1);
  });
});
