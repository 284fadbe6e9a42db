/**
 * The OASIS XLIFF schemas for judges outside the conformance run (the format tests): taken from the cache when
 * `npm run test:conformance` already filled it, else from the pinned Debian `symfony` source that run uses.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { CACHE_DIR } from '../cache.js';
import { fetchSources } from '../corpus.js';
import { SOURCES } from '../sources.js';
import { prepareXliffSchemas, XLIFF_1_2_SCHEMA, XLIFF_2_0_SCHEMA } from './xliffSchemas.js';

export function ensureXliffSchemas(): void {
  if (existsSync(XLIFF_1_2_SCHEMA) && existsSync(XLIFF_2_0_SCHEMA)) return;
  const symfony = SOURCES.find((s) => s.origin.kind === 'debian' && s.origin.package === 'symfony');
  if (!symfony)
    throw new Error('The conformance sources no longer pin symfony, which ships the XLIFF schemas');
  mkdirSync(CACHE_DIR, { recursive: true });
  const dir = fetchSources([symfony]).get(symfony);
  if (!dir) throw new Error('symfony source was not unpacked');
  prepareXliffSchemas(dir);
}
