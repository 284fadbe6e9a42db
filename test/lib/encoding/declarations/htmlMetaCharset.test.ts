import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import htmlEncodingSniffer from 'html-encoding-sniffer';
import {
  htmlMetaCharset,
  htmlMetaCharsets,
} from '../../../../src/lib/encoding/declarations/htmlMetaCharset.js';
import { meaningOfLabel } from '../../../../src/lib/encoding/encodingLabel.js';

/** Heads that exercise the prescan: quoting, pragmas, comments, other tags, attributes that only look like it. */
const HEADS: Record<string, string> = {
  'meta charset': '<!doctype html><html><head><meta charset="windows-1251"><title>x</title>',
  'unquoted, upper case': '<HTML><HEAD><META CHARSET=ISO-8859-2>',
  'http-equiv pragma': '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
  'pragma after content': '<meta content=\'text/html;charset = "shift_jis"\' http-equiv=content-type>',
  'content without pragma is ignored':
    '<meta content="text/html; charset=koi8-r"><meta charset="windows-1250">',
  'inside a comment is ignored': '<!-- <meta charset="koi8-r"> --><meta charset="iso-8859-7">',
  'inside another tag attribute is ignored': '<div title="<meta charset=koi8-r>"><meta charset=euc-kr>',
  'duplicate attribute: first wins': '<meta charset="gbk" charset="big5">',
  'slash before attributes': '<meta/charset="windows-1254"/>',
  'processing instruction and doctype skipped':
    '<?xml version="1.0"?><!DOCTYPE html><meta charset=windows-1256>',
  'beyond 1024 bytes': `<title>${'x'.repeat(1100)}</title><meta charset="koi8-r">`,
  none: '<html><head><title>No declaration</title></head></html>',
};

const sniffed = (head: string): string =>
  htmlEncodingSniffer(Buffer.from(head, 'latin1'), { defaultEncoding: 'none' }).toLowerCase();

describe('htmlMetaCharset: the WHATWG prescan', () => {
  for (const [name, head] of Object.entries(HEADS)) {
    test(`${name}: the same encoding as html-encoding-sniffer, at the label's place`, () => {
      const found = htmlMetaCharset(head);
      const meaning = found ? meaningOfLabel(found.label) : undefined;
      const mine = meaning?.kind === 'encoding' ? meaning.name : 'none';
      assert.equal(mine, sniffed(head));
      if (found) assert.equal(head.slice(found.start, found.end), found.label);
    });
  }

  test('every declaration of a document, for rewriting: later ones too', () => {
    const page = `<meta charset="iso-8859-1"><body>${'y'.repeat(2000)}<meta http-equiv=content-type content="text/html; charset='windows-1252'">`;
    assert.deepEqual(
      htmlMetaCharsets(page).map((declaration) => page.slice(declaration.start, declaration.end)),
      ['iso-8859-1', 'windows-1252'],
    );
    assert.equal(htmlMetaCharset(page)?.label, 'iso-8859-1');
  });
});
