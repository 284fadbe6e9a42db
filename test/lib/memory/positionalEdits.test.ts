import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PositionalEdits } from '../../../src/lib/memory/positionalEdits.js';
import type { SegmentEntry } from '../../../src/lib/memory/segmentMap.js';
import type { SegmentPieces } from '../../../src/lib/translation/translator.js';

const text = (t: string): SegmentPieces => [{ kind: 'text', text: t }];
const entry = (source: string, translation: string, written?: string): SegmentEntry => ({
  source: [...text(source)],
  translation,
  ...(written === undefined ? {} : { written }),
});

/** Entries A..E as the app wrote them; the target holds a person's edits of B and D. */
const entries = [entry('A', 'a'), entry('B', 'b'), entry('C', 'c'), entry('D', 'd'), entry('E', 'e')];
const target = ['a', 'b (reviewed)', 'c', 'd (reviewed)', 'e'];

const edits = (positional: PositionalEdits, sources: readonly string[]) =>
  sources.map((source) => positional.next(text(source))?.text);

void describe('PositionalEdits', () => {
  void test("finds the segments a person changed, at the app's positions", () => {
    const positional = PositionalEdits.align(entries, target);
    assert.ok(positional);
    assert.deepEqual(edits(positional, ['A', 'B', 'C', 'D', 'E']), [
      undefined,
      'b (reviewed)',
      undefined,
      'd (reviewed)',
      undefined,
    ]);
  });

  void test('a paragraph inserted or deleted in the source does not shift the matches after it', () => {
    const inserted = PositionalEdits.align(entries, target);
    assert.ok(inserted);
    assert.deepEqual(edits(inserted, ['New', 'A', 'B', 'C', 'New', 'D', 'E']), [
      undefined,
      undefined,
      'b (reviewed)',
      undefined,
      undefined,
      'd (reviewed)',
      undefined,
    ]);
    const deleted = PositionalEdits.align(entries, target);
    assert.ok(deleted);
    assert.deepEqual(edits(deleted, ['A', 'C', 'D', 'E']), [undefined, undefined, 'd (reviewed)', undefined]);
  });

  void test('a segment whose source changed keeps no edit: the edit was of another text', () => {
    const positional = PositionalEdits.align(entries, target);
    assert.ok(positional);
    assert.deepEqual(edits(positional, ['A', 'B changed', 'C', 'D', 'E']), [
      undefined,
      undefined,
      undefined,
      'd (reviewed)',
      undefined,
    ]);
  });

  void test('repeated sources are matched in order, each entry once', () => {
    const repeated = [entry('Yes', 'Sí'), entry('No', 'No'), entry('Yes', 'Sí'), entry('Yes', 'Sí')];
    const positional = PositionalEdits.align(repeated, ['Sí', 'No', 'Sí, claro', 'Sí']);
    assert.ok(positional);
    assert.deepEqual(edits(positional, ['Yes', 'No', 'Yes', 'Yes', 'Yes']), [
      undefined,
      undefined,
      'Sí, claro',
      undefined,
      undefined, // no entry left after the last match
    ]);
  });

  void test("compares with the stretch the app wrote, when the format's escaping changed the translation", () => {
    const escaped = [entry('One *', 'Uno *', 'Uno \\*'), entry('Two', 'Dos')];
    const positional = PositionalEdits.align(escaped, ['Uno \\*', 'Dos']);
    assert.ok(positional);
    assert.deepEqual(edits(positional, ['One *', 'Two']), [undefined, undefined]);
  });

  void test("whitespace a parser attached to a segment's end is the file's, not an edit", () => {
    const positional = PositionalEdits.align([entry('A', 'a'), entry('B', 'b')], ['a  ', 'b, revisado \t']);
    assert.ok(positional);
    assert.deepEqual(edits(positional, ['A', 'B']), [undefined, 'b, revisado']);
  });

  void test('a target with another number of segments, or keyed entries, is not aligned', () => {
    assert.equal(PositionalEdits.align(entries, [...target, 'added by a person']), undefined);
    assert.equal(PositionalEdits.align(entries, target.slice(1)), undefined);
    assert.equal(PositionalEdits.align([{ ...entry('A', 'a'), key: 'k' }], ['a']), undefined);
    assert.equal(PositionalEdits.align([], []), undefined);
  });
});
