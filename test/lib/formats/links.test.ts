import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findLinks, outsideLinks, protectLinks } from '../../../src/lib/formats/links.js';
import type { SegmentPieces } from '../../../src/lib/translation/translator.js';

const linksIn = (text: string): string[] => findLinks(text).map(({ start, end }) => text.slice(start, end));

describe('link detection', () => {
  test('URLs with a scheme, www. hosts and e-mail addresses are found, without the punctuation after them', () => {
    assert.deepEqual(
      linksIn('See https://a.example/x?y=1&z=2, (ftp://files.example/f) or //cdn.example.com/lib.js.'),
      ['https://a.example/x?y=1&z=2', 'ftp://files.example/f', '//cdn.example.com/lib.js'],
    );
    assert.deepEqual(linksIn('Say "www.example.com" now, or WWW.Example.ORG.'), [
      'www.example.com',
      'WWW.Example.ORG',
    ]);
    assert.deepEqual(linksIn('Open file:///X:/ or file:///usr/share/doc/index.html.'), [
      'file:///X:/',
      'file:///usr/share/doc/index.html',
    ]);
    assert.deepEqual(linksIn('Write to help@example.com or mailto:team@example.org!'), [
      'help@example.com',
      'mailto:team@example.org',
    ]);
  });

  test('a bare host counts with a generic TLD, three labels or a path', () => {
    assert.deepEqual(linksIn('Use example.com, crates.io, docs.python.org, bbc.co.uk and docs.rs/serde.'), [
      'example.com',
      'crates.io',
      'docs.python.org',
      'bbc.co.uk',
      'docs.rs/serde',
    ]);
  });

  test('file names, product names, missing spaces and package versions are words, not addresses', () => {
    assert.deepEqual(
      linksIn(
        'Read README.md and setup.py, run ASP.NET or Node.js, done.So what; eslint@3.7.0 and qs@~6.16.0.',
      ),
      [],
    );
  });

  test('outsideLinks transforms only what lies between addresses', () => {
    const upper = (text: string) => text.toUpperCase();
    assert.equal(outsideLinks('go to https://a.example/x and on', upper), 'GO TO https://a.example/x AND ON');
  });

  test('protectLinks turns addresses in text pieces into keep pieces and leaves the rest alone', () => {
    const term = { kind: 'term', text: 'Blob', translation: 'Blob' } as const;
    const pieces: SegmentPieces = [
      { kind: 'text', text: 'Mail a@b.example about ' },
      term,
      { kind: 'keep', text: '<a href="https://k.example">' },
      { kind: 'text', text: 'https://c.example' },
    ];
    assert.deepEqual(protectLinks([pieces]), [
      [
        { kind: 'text', text: 'Mail ' },
        { kind: 'keep', text: 'a@b.example' },
        { kind: 'text', text: ' about ' },
        term,
        { kind: 'keep', text: '<a href="https://k.example">https://c.example' },
      ],
    ]);
    const plain: SegmentPieces = [{ kind: 'text', text: 'Nothing to see.' }];
    assert.equal(protectLinks([plain])[0], plain);
  });
});
