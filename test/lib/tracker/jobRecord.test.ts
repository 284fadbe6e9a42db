import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJob, encodeJob, type Job } from '../../../src/lib/tracker/jobRecord.js';

const job: Job = {
  partitionKey: '6c1f5f7e-5d4e-4f3a-9b2c-1d0e9f8a7b6c',
  rowKey: 'job',
  source_container: 'src',
  target_container: 'out',
  target_languages: ['es', 'fr'],
  extensions: ['.md'],
  glossary: { es: { 'Blob Storage': 'Almacenamiento de blobs' } },
  no_translate: ['Contoso'],
  mode: 'queue',
  status: 'processing',
  created_at: '2026-12-06T10:00:00.000Z',
  updated_at: '2026-12-06T10:00:01.000Z',
  index_row: '8234-x',
  shards: 8,
  total: 3,
  planning_done: false,
  plan_page: 1,
  cancel_requested: false,
};

void describe('the job row, decoded once', () => {
  test('JSON columns are stored as text and come back as values', () => {
    const row = encodeJob(job);
    assert.equal(row.target_languages, '["es","fr"]');
    assert.equal(row.glossary, '{"es":{"Blob Storage":"Almacenamiento de blobs"}}');
    assert.deepEqual(decodeJob(row), job);
  });

  test("a dry run's estimate is stored as text and comes back as values, with its price and budget", () => {
    const estimated: Job = {
      ...job,
      status: 'estimated',
      dry_run: true,
      max_characters: 5000,
      price_per_million_characters: 10,
      price_currency: 'USD',
      estimate: { by_language: { es: { files: 2, segments: 7, characters: 120, unmeasured_files: 0 } } },
    };
    const row = encodeJob(estimated);
    assert.equal(
      row.estimate,
      '{"by_language":{"es":{"files":2,"segments":7,"characters":120,"unmeasured_files":0}}}',
    );
    assert.deepEqual(decodeJob(row), estimated);
    assert.throws(() => decodeJob({ ...row, estimate: '{"by_language":{"es":{"files":-1}}}' }), /estimate/);
  });

  test('rows written before `mode` existed are queue jobs', () => {
    const older: Record<string, unknown> = { ...encodeJob(job) };
    delete older.mode;
    assert.equal(decodeJob(older).mode, 'queue');
  });

  test('a row that is not a job fails loudly, naming the job and every problem', () => {
    const broken = { ...encodeJob(job), target_languages: '["es"', shards: 'eight', status: 'done' };
    assert.throws(
      () => decodeJob(broken),
      (error: Error) =>
        /job 6c1f5f7e-5d4e-4f3a-9b2c-1d0e9f8a7b6c/.test(error.message) &&
        /target_languages: is not JSON/.test(error.message) &&
        /shards/.test(error.message) &&
        /status/.test(error.message),
    );
  });
});
