import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { xmlEncodingDeclaration } from '../../../../src/lib/encoding/declarations/xmlEncodingDeclaration.js';

describe('xmlEncodingDeclaration', () => {
  test('reads the encoding pseudo-attribute of a declaration that opens the document', () => {
    for (const [text, label] of [
      ['<?xml version="1.0" encoding="ISO-8859-1"?><xliff/>', 'ISO-8859-1'],
      ["<?xml version='1.0'\n   encoding = 'windows-1252' standalone='yes'?>", 'windows-1252'],
      ['\uFEFF<?xml version="1.0" encoding="UTF-16"?>', 'UTF-16'],
    ] as const) {
      const found = xmlEncodingDeclaration(text);
      assert.equal(found?.label, label);
      assert.equal(text.slice(found?.start, found?.end), label);
    }
  });

  test('no declaration, one without encoding, or one not at the start', () => {
    assert.equal(xmlEncodingDeclaration('<xliff version="1.2"/>'), undefined);
    assert.equal(xmlEncodingDeclaration('<?xml version="1.0"?><a encoding="latin1"/>'), undefined);
    assert.equal(xmlEncodingDeclaration(' <?xml version="1.0" encoding="latin1"?>'), undefined);
  });
});
