import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeTmx, parseTmx, type TmxDocument } from '../../../src/lib/tmx/parseTmx.js';
import { buildTmxIndex, indexLookup, languageServes } from '../../../src/lib/tmx/tmxIndex.js';
import { debianTmxFiles } from '../../helpers/tmxJudges.js';

const inline = parseTmx(
  decodeTmx(readFileSync(new URL('../../fixtures/tmx/inline-multilingual.tmx', import.meta.url))),
);

void describe('buildTmxIndex', () => {
  void test('language tags match ignoring case and at subtag boundaries only', () => {
    assert.equal(languageServes('es', 'ES'), 'exact');
    assert.equal(languageServes('fr', 'fr-FR'), 'related');
    assert.equal(languageServes('pt-PT', 'pt'), 'related');
    assert.equal(languageServes('pt-BR', 'pt-PT'), undefined);
    assert.equal(languageServes('e', 'es'), undefined);
  });

  void test("keeps only the job's pairs, from the header's srclang, white space normalized", () => {
    const { file, pairs } = buildTmxIndex(parseTmx(decodeTmx(readFileSync(debianTmxFiles().sample))), {
      targetLanguages: ['pt'],
    });
    assert.equal(pairs, 7);
    const pt = indexLookup(file).get('pt');
    assert.equal(
      pt?.get('Receive grace and peace from God our Father, and Christ Jesus our Lord.'),
      'Graça e paz vos sejam dadas da parte de Deus nosso Pai e do Senhor Jesus Cristo.',
    );
    assert.equal(buildTmxIndex(inline, { targetLanguages: ['ja'] }).pairs, 0);
  });

  void test("a job's source_language picks the source variant, whatever the srclang says", () => {
    const { file } = buildTmxIndex(inline, { targetLanguages: ['en'], sourceLanguage: 'de' });
    assert.deepEqual(file.targets.en, [
      [
        'Klicken Sie auf <b>Speichern</b>, um {0} Änderungen zu behalten.',
        'Click <b>Save</b> to keep {0} changes.',
      ],
      ['Zeile eins<br/>Zeile zwei', 'Line one<br/>line two'],
    ]);
  });

  void test('several targets at once; a region-tagged variant serves a plain language code', () => {
    const { file, pairs } = buildTmxIndex(inline, { targetLanguages: ['es', 'fr'] });
    assert.equal(file.targets.fr?.[0]?.[1], 'Cliquez sur <b>Enregistrer</b> pour garder {0} modifications.');
    assert.equal(file.targets.es?.length, 5);
    assert.equal(pairs, 6);
  });

  void test('srclang *all* without a job source language: every other variant is a source', () => {
    const document: TmxDocument = {
      sourceLanguage: '*all*',
      units: [
        {
          variants: [
            { language: 'en', text: 'Yes' },
            { language: 'de', text: 'Ja' },
            { language: 'es', text: 'Sí' },
          ],
        },
      ],
    };
    const es = indexLookup(buildTmxIndex(document, { targetLanguages: ['es'] }).file).get('es');
    assert.equal(es?.get('Yes'), 'Sí');
    assert.equal(es?.get('Ja'), 'Sí');
  });

  void test("a unit's srclang overrides the header's; a later unit wins over an earlier one", () => {
    const document: TmxDocument = {
      sourceLanguage: 'en',
      units: [
        {
          variants: [
            { language: 'en', text: 'Open' },
            { language: 'es', text: 'Abrir (old)' },
          ],
        },
        {
          sourceLanguage: 'es',
          variants: [
            { language: 'en', text: 'Close' },
            { language: 'es', text: 'Cerrar' },
          ],
        },
        {
          variants: [
            { language: 'en', text: 'Open' },
            { language: 'es', text: 'Abrir' },
          ],
        },
      ],
    };
    const es = indexLookup(buildTmxIndex(document, { targetLanguages: ['es'] }).file).get('es');
    assert.equal(es?.get('Open'), 'Abrir');
    assert.equal(es?.get('Close'), undefined, 'that unit translates from es, the target itself');
  });
});
