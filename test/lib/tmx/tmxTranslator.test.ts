import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { chargeOf } from '../../../src/lib/translation/chargeOf.js';
import type { Piece } from '../../../src/lib/translation/translator.js';
import { memoryAnswer, tmxTranslator } from '../../../src/lib/tmx/tmxTranslator.js';
import type { TmxIndex } from '../../../src/lib/tmx/tmxIndex.js';
import { CountingTranslator } from '../../helpers/countingTranslator.js';

const text = (t: string): Piece => ({ kind: 'text', text: t });
const keep = (t: string): Piece => ({ kind: 'keep', text: t });
const term = (t: string, translation: string): Piece => ({ kind: 'term', text: t, translation });

const es = new Map([
  ['Click <b>Save</b> to keep {0} changes.', 'Haga clic en <b>Guardar</b> para conservar {0} cambios.'],
  ['Dropped placeholder {0}', 'Marcador perdido'],
  ['Twice {0} and {0}', 'Dos veces {0}'],
  ['Open the Widget panel', 'Abra el panel de Widget'],
  ['Hello world', 'Hola mundo'],
]);
const index: TmxIndex = new Map([['es', es]]);
const INDEX_NAME = 'tmx/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.json';

void describe('memoryAnswer', () => {
  void test('answers when the text matches and each protected piece occurs as often in the translation', () => {
    const segment = [
      text('Click '),
      keep('<b>'),
      text('Save'),
      keep('</b>'),
      text(' to keep '),
      keep('{0}'),
      text(' changes.'),
    ];
    assert.equal(memoryAnswer(es, segment), 'Haga clic en <b>Guardar</b> para conservar {0} cambios.');
    assert.equal(memoryAnswer(es, [text('Hello  \n world')]), 'Hola mundo', 'white space aside');
  });

  void test('leaves to the provider what the memory lacks, or where it drops or merges protected pieces', () => {
    assert.equal(memoryAnswer(es, [text('Hello World')]), undefined, 'case matters');
    assert.equal(memoryAnswer(es, [text('Dropped placeholder '), keep('{0}')]), undefined);
    assert.equal(memoryAnswer(es, [text('Twice '), keep('{0}'), text(' and '), keep('{0}')]), undefined);
    assert.equal(memoryAnswer(undefined, [text('Hello world')]), undefined);
  });

  void test("a glossary term's required translation must be in the memory's translation", () => {
    assert.equal(
      memoryAnswer(es, [text('Open the '), term('Widget', 'Widget'), text(' panel')]),
      'Abra el panel de Widget',
    );
    assert.equal(
      memoryAnswer(es, [text('Open the '), term('Widget', 'Artilugio'), text(' panel')]),
      undefined,
    );
  });
});

void describe('tmxTranslator', () => {
  void test('answers matches at 0 characters, sends the rest in order, and counts what it answered', async () => {
    const provider = new CountingTranslator(new PseudoTranslator());
    const translator = tmxTranslator(provider, index, INDEX_NAME);
    const request = {
      to: 'ES',
      segments: [[text('Hello world')], [text('Good morning')], [text('Dropped placeholder '), keep('{0}')]],
    };
    assert.equal(chargeOf(translator, request), 'Good morning'.length + 'Dropped placeholder '.length);
    const result = await translator.translate(request);
    assert.equal(result.segments[0], 'Hola mundo');
    assert.deepEqual(
      result.segments.slice(1),
      (await new PseudoTranslator().translate({ ...request, segments: request.segments.slice(1) })).segments,
    );
    assert.equal(result.charactersCharged, 'Good morning'.length + 'Dropped placeholder '.length);
    assert.deepEqual([...provider.counts.keys()], ['ES\nGood morning', 'ES\nDropped placeholder {0}']);
    assert.equal(translator.answered, 1);
  });

  void test('a request the memory answers whole never reaches the provider', async () => {
    const provider = new CountingTranslator(new PseudoTranslator());
    const translator = tmxTranslator(provider, index, INDEX_NAME);
    const request = { to: 'es', segments: [[text('Hello world')], [text('Hello world')]] };
    assert.equal(chargeOf(translator, request), 0);
    const result = await translator.translate(request);
    assert.deepEqual(result, {
      segments: ['Hola mundo', 'Hola mundo'],
      charactersCharged: 0,
      requests: 0,
      charactersSent: 0,
    });
    assert.equal(provider.calls, 0);
    assert.equal(translator.answered, 2);
  });

  void test("another language's requests go to the provider; the name tells cached outputs apart", async () => {
    const provider = new CountingTranslator(new PseudoTranslator());
    const translator = tmxTranslator(provider, index, INDEX_NAME);
    await translator.translate({ to: 'fr', segments: [[text('Hello world')]] });
    assert.equal(provider.calls, 1);
    assert.equal(translator.answered, 0);
    assert.equal(translator.name, 'pseudo+tmx-0123456789ab');
  });
});
