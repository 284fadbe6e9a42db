import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { TEXT_FORMATS } from '../../../src/lib/formats/registry.js';
import { fixture } from '../../helpers/formats.js';

/** Formats whose segments follow the target language, so each language's items parse the file themselves. */
const SEGMENTS_BY_TARGET = ['gettext'];

/** Targets with different plural rules, scripts and directions, and the source's own language. */
const TARGETS = ['es', 'ja', 'pl', 'ar', 'en', 'pt_BR'];

/** Sources that write something for the target language: its lang, locale or target-language attribute. */
const LANGUAGE_MARKED: Record<string, string[]> = {
  html: ['<p lang="en">Hello <span lang="fr">monde</span>, <img alt="A map" lang="en"></p>\n'],
  json: ['{"locale": "en", "language": "English", "title": "Hello world"}\n'],
  xliff: [
    '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="en" target-language="fr" datatype="plaintext" original="a"><body><trans-unit id="1"><source>Open the file</source><target state="translated">Ouvrir</target></trans-unit><trans-unit id="2"><source>Close it</source></trans-unit></body></file></xliff>\n',
    '<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="de"><file id="f"><unit id="u"><segment><source>Save the file</source></segment></unit></file></xliff>\n',
  ],
};

const fixtures = readdirSync(new URL('../../fixtures/formats/', import.meta.url));

void describe('sameSegmentsForEveryTarget: a format that declares it finds the same segments for any target', () => {
  for (const format of TEXT_FORMATS) {
    const sources = [
      ...fixtures.filter((name) => format.extensions.some((ext) => name.endsWith(ext))).map(fixture),
      ...(LANGUAGE_MARKED[format.id] ?? []),
    ];
    if (SEGMENTS_BY_TARGET.includes(format.id)) {
      void test(`${format.id} does not declare it, and its segments do differ by target`, () => {
        assert.equal(format.sameSegmentsForEveryTarget, undefined);
        const differs = sources.some((source) => {
          const counts = TARGETS.map(
            (targetLanguage) => format.parse(source, { targetLanguage }).segments.length,
          );
          return new Set(counts).size > 1;
        });
        assert.ok(differs, `no ${format.id} fixture shows segments that follow the target`);
      });
      continue;
    }
    void test(`${format.id} declares it, and ${sources.length} sources bear it out`, () => {
      assert.equal(format.sameSegmentsForEveryTarget, true, 'a format must declare it or be listed above');
      assert.ok(sources.length > 0);
      for (const source of sources) {
        const [first, ...others] = TARGETS.map((targetLanguage) => {
          const { segments, keys } = format.parse(source, { targetLanguage });
          return { segments, keys };
        });
        for (const other of others) assert.deepEqual(other, first);
      }
    });
  }
});
