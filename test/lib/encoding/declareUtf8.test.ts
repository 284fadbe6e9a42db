import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { declareUtf8 } from '../../../src/lib/encoding/declareUtf8.js';

describe('declareUtf8', () => {
  test('HTML: every meta charset naming another encoding says utf-8, nothing else moves', () => {
    const page =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">\n<meta charset=\'windows-1252\'>' +
      '</head><body>Déjà <meta charset="koi8-r"></body></html>';
    assert.equal(
      declareUtf8(page, 'html'),
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<meta charset=\'utf-8\'>' +
        '</head><body>Déjà <meta charset="utf-8"></body></html>',
    );
  });

  test('XML declaration and PO header', () => {
    assert.equal(
      declareUtf8('\uFEFF<?xml version="1.0" encoding="UTF-16"?><xliff/>', 'xml'),
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?><xliff/>',
    );
    const po = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-15\\n"\n';
    assert.equal(declareUtf8(po, 'po'), po.replace('ISO-8859-15', 'UTF-8'));
  });

  test('text that already declares UTF-8, declares nothing usable, or cannot declare is the same string', () => {
    for (const [text, kind] of [
      ['<meta charset="UTF-8"><p>x</p>', 'html'],
      ['<?xml version="1.0" encoding="utf8"?><a/>', 'xml'],
      ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n', 'po'],
      ['<p>No declaration</p>', 'html'],
    ] as const) {
      assert.equal(declareUtf8(text, kind), text);
    }
    assert.equal(declareUtf8('<meta charset="latin1">', undefined), '<meta charset="latin1">');
  });
});
