import { after, before } from 'node:test';
import { startApertium, type ApertiumHandle } from '../../scripts/apertium.js';

/**
 * The APy server a test file talks to: APERTIUM_URL when the runner (or .ci/run) started one, otherwise a
 * private one started for this file. Call at the top level of a test file; read `url()` inside tests.
 */
export function useApertium(): { url: () => string } {
  let url = process.env.APERTIUM_URL ?? '';
  let apy: ApertiumHandle | undefined;
  before(async () => {
    if (url) return;
    apy = await startApertium();
    url = apy.url;
  });
  after(async () => {
    await apy?.stop();
  });
  return { url: () => url };
}
