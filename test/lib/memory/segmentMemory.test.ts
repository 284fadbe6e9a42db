import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SegmentMemory } from '../../../src/lib/memory/segmentMemory.js';
import type { SegmentPieces } from '../../../src/lib/translation/translator.js';

const text = (t: string): SegmentPieces => [{ kind: 'text', text: t }];
const previous = [
  { key: 'a', source: [...text('Hello')], translation: 'Hola' },
  {
    key: 'b',
    source: [{ kind: 'keep' as const, text: '%s' }, ...text(' files')],
    translation: '%s archivos',
  },
  { source: [...text('Unkeyed')], translation: 'Sin clave' },
];

void describe('SegmentMemory', () => {
  void test('answers segments whose whole piece structure is remembered, only under the same fingerprint', () => {
    const memory = new SegmentMemory({ previous: { entries: previous, reusable: true }, maxSegments: 10 });
    const answers = memory.answer(
      [text('Hello'), text('%s files'), [{ kind: 'keep', text: '%s' }, ...text(' files')], text('New')],
      undefined,
    );
    assert.deepEqual(
      answers.map((a) => a?.translation),
      [
        'Hola',
        undefined, // the same characters, but the placeholder is not protected: another segment
        '%s archivos',
        undefined,
      ],
    );
    const stale = new SegmentMemory({ previous: { entries: previous, reusable: false }, maxSegments: 10 });
    assert.deepEqual(stale.answer([text('Hello')], undefined), [undefined]);
  });

  void test('keeps a keyed unit a person changed, for the same key and source only, and remembers the app text', () => {
    const memory = new SegmentMemory({
      previous: { entries: previous, reusable: false },
      targetUnits: new Map([
        ['a', 'Hola, revisado'],
        ['b', '%s archivos'],
      ]),
      maxSegments: 10,
    });
    const segments = [text('Hello'), [{ kind: 'keep' as const, text: '%s' }, ...text(' files')]];
    const answers = memory.answer(segments, ['a', 'b']);
    assert.deepEqual(answers[0], { translation: 'Hola, revisado', edit: { remembered: 'Hola' } });
    // Unchanged target, and a stale fingerprint: the provider translates it.
    assert.equal(answers[1], undefined);
    // The source of "a" changed: the edit was of another text.
    assert.deepEqual(memory.answer([text('Hello!')], ['a']), [undefined]);

    memory.record(segments, ['a', 'b'], ['Hola, revisado', '%s ficheros'], answers);
    assert.deepEqual(memory.counts, { segments: 2, reused: 1, editsKept: 1 });
    assert.deepEqual(
      memory.entries()?.map((e) => [e.key, e.translation]),
      [
        ['a', 'Hola'],
        ['b', '%s ficheros'],
      ],
    );
  });

  void test("compares through the format's decoding, so an escape written differently is no edit", () => {
    const memory = new SegmentMemory({
      previous: {
        entries: [{ key: 'k', source: [...text('Say "hi"')], translation: 'Di \\"hola\\"' }],
        reusable: true,
      },
      targetUnits: new Map([['k', 'Di "hola"']]),
      decode: (t) => t.replace(/\\"/g, '"'),
      maxSegments: 10,
    });
    assert.deepEqual(memory.answer([text('Say "hi"')], ['k']), [{ translation: 'Di \\"hola\\"' }]);
  });

  void test("keeps an unkeyed segment a person changed, written back verbatim, and remembers the app's stretch", () => {
    const memory = new SegmentMemory({
      previous: {
        entries: [
          { source: [...text('Title *')], translation: 'Título *', written: 'Título \\*' },
          { source: [...text('Body')], translation: 'Cuerpo' },
        ],
        reusable: false,
      },
      targetSpans: ['Título **revisado**', 'Cuerpo'],
      maxSegments: 10,
    });
    const segments = [text('Title *'), text('Body')];
    const answers = memory.answer(segments, undefined);
    assert.deepEqual(answers, [
      {
        translation: 'Título **revisado**',
        edit: { remembered: 'Título *', written: 'Título \\*', verbatim: true },
      },
      undefined,
    ]);
    memory.record(segments, undefined, ['Título **revisado**', 'Cuerpo nuevo *'], answers, [
      'Título **revisado**',
      'Cuerpo nuevo \\*',
    ]);
    assert.deepEqual(memory.counts, { segments: 2, reused: 1, editsKept: 1 });
    assert.deepEqual(memory.entries(), [
      { source: [...text('Title *')], translation: 'Título *', written: 'Título \\*' },
      { source: [...text('Body')], translation: 'Cuerpo nuevo *', written: 'Cuerpo nuevo \\*' },
    ]);
  });

  void test('a file with more segments than the bound keeps no map', () => {
    const memory = new SegmentMemory({ maxSegments: 2 });
    const segments = [text('one'), text('two')];
    memory.record(segments, undefined, ['uno', 'dos'], [undefined, undefined]);
    assert.equal(memory.entries()?.length, 2);
    memory.record([text('three')], undefined, ['tres'], [undefined]);
    assert.equal(memory.entries(), undefined);
    assert.equal(memory.counts.segments, 3);
  });
});
