import type { Services } from '../services.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Translator } from '../translation/translator.js';
import { loadTmxIndex } from './tmxIndexStore.js';
import { tmxTranslator, type TmxTranslator } from './tmxTranslator.js';

/**
 * `translator` behind the job's translation memory, when the job has one (undefined otherwise). Whatever
 * calls a provider for a job's item (translation, a dry run's meter) wraps it here, so TMX matches cost 0
 * characters everywhere. The index is read from storage once per process (see loadTmxIndex).
 */
export async function withTranslationMemory(
  deps: Pick<Services, 'config' | 'storage'>,
  job: Pick<Job, 'translation_memory_index'>,
  translator: Translator,
): Promise<TmxTranslator | undefined> {
  const name = job.translation_memory_index;
  if (!name) return undefined;
  const index = await loadTmxIndex(deps.storage.blobs.getContainerClient(deps.config.memory.container), name);
  return tmxTranslator(translator, index, name);
}
