import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MeteringTranslator } from '../../../src/lib/estimate/meteringTranslator.js';
import { TEXT_FORMATS } from '../../../src/lib/formats/registry.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { ITEM_LIMITS } from '../../../src/lib/worker/itemLimits.js';
import { ParsePool } from '../../../src/lib/worker/parsing/parsePool.js';
import { scanText, translateTextParts } from '../../../src/lib/worker/textPipeline.js';
import { fixture } from '../../helpers/formats.js';

void describe('The text pipeline: a file’s target languages share its parse where the format allows', () => {
  const pool = new ParsePool({ threads: 2, timeLimitSeconds: 10, memoryLimitMb: 128 });
  after(() => pool.destroy());

  /** Counts the segment steps the pool runs on its threads, by format. */
  const segmentSteps = new Map<string, number>();
  const run = pool.run.bind(pool);
  pool.run = (task) => {
    if (task.kind === 'segments' || task.kind === 'keyedSegments')
      segmentSteps.set(task.format, (segmentSteps.get(task.format) ?? 0) + 1);
    return run(task);
  };

  /** Measures `source` for each language at once, as a dry run's planner does with a file's items. */
  async function measure(name: string, source: string, languages: readonly string[]) {
    const format = TEXT_FORMATS.find((f) => f.extensions.some((ext) => name.endsWith(ext)));
    assert.ok(format, name);
    const body = Buffer.from(source);
    return Promise.all(
      languages.map(async (targetLanguage) => {
        const scanned = await scanText([body], format, ITEM_LIMITS, pool);
        const meter = new MeteringTranslator(new PseudoTranslator());
        const run = { format, parsing: pool, limits: ITEM_LIMITS, now: () => new Date() };
        const terms = { glossary: new Map<string, string>(), noTranslate: [] };
        await translateTextParts([body], scanned, { ...run, terms, translator: meter, targetLanguage });
        return { segments: meter.segments, characters: meter.characters };
      }),
    );
  }

  for (const name of ['guide.md', 'landing-page.html', 'messages.json', 'strings-2.0.xlf', 'episode.srt']) {
    void test(`${name}: three languages, one parse, the same measurement for each`, async () => {
      segmentSteps.clear();
      const measured = await measure(name, fixture(name), ['fr', 'de', 'ja']);
      assert.deepEqual([...segmentSteps.values()], [1]);
      assert.ok((measured[0]?.characters ?? 0) > 0);
      assert.deepEqual(measured[1], measured[0]);
      assert.deepEqual(measured[2], measured[0]);
    });
  }

  void test('a PO catalogue is parsed for each language: its plural forms follow the target’s rule', async () => {
    segmentSteps.clear();
    const measured = await measure('app.po', fixture('app.po'), ['fr', 'ja']);
    assert.deepEqual([...segmentSteps.entries()], [['gettext', 2]]);
    assert.ok((measured[0]?.segments ?? 0) > (measured[1]?.segments ?? 0), JSON.stringify(measured));
  });
});
