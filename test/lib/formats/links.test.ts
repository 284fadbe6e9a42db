import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { LinkifyIt } from 'linkify-it';
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

  test('an address written with backslash escapes is found as it reads and kept as written', () => {
    // CommonMark example 606: not an autolink (an escape inside), but the text reads foo+@bar.example.com.
    assert.deepEqual(linksIn('<foo\\+@bar.example.com>'), ['foo\\+@bar.example.com']);
    assert.deepEqual(linksIn('See https://a.example/snake\\_case/x now, or \\_me@b.example.'), [
      'https://a.example/snake\\_case/x',
      '\\_me@b.example',
    ]);
    // A backslash before a letter escapes nothing, and one before the address stays outside it.
    assert.deepEqual(linksIn('C:\\dir \\<www.example.com>'), ['www.example.com']);
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

describe('the pre-check before linkify-it', () => {
  test('every address linkify-it finds in real READMEs, however widely configured, passes it', () => {
    // Text nobody here wrote: the README of every installed package. The widest linkify-it (fuzzy IPs too)
    // must never find an address in a line our pre-check would not search.
    const widest = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });
    const readmes = readdirSync('node_modules')
      .filter((name) => !name.startsWith('.') && !name.startsWith('@'))
      .flatMap((name) => {
        try {
          return [readFileSync(`node_modules/${name}/README.md`, 'utf8')];
        } catch {
          return [];
        }
      });
    assert.ok(readmes.length > 100, `only ${readmes.length} READMEs`);
    let withAddress = 0;
    for (const line of readmes.flatMap((text) => text.split('\n'))) {
      for (const match of widest.match(line) ?? []) {
        withAddress += 1;
        assert.match(match.raw, /[.:@/]\S/, `linkify-it found ${match.raw} in: ${line}`);
      }
    }
    assert.ok(withAddress > 1000, `only ${withAddress} addresses found`);
  });

  test('prose without such a character is not searched, and still keeps its links when it has one', () => {
    assert.deepEqual(linksIn('Plain words. More words, and an end.'), []);
    assert.deepEqual(linksIn('Ask at help@x.example or see example.com/a.'), [
      'help@x.example',
      'example.com/a',
    ]);
  });
});
