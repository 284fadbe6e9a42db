/**
 * Loaded before every test file (scripts/runTests.ts): fails any test that leaves behind a queue, table or
 * container it created (see resourceLedger.ts).
 */
import { afterEach, beforeEach } from 'node:test';
import { leftovers, testEnded, testStarted } from './resourceLedger.js';

beforeEach(() => testStarted());

afterEach(async () => {
  const left = await leftovers(testEnded());
  if (left.length > 0) throw new Error(`The test left storage resources behind: ${left.join(', ')}`);
});
