import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { conventionsForFlags } from '../../../src/lib/formats/gettextFlags.js';
import { CONSERVATIVE, findPlaceholders } from '../../../src/lib/formats/placeholders.js';

const kept = (flags: string[], text: string): string[] =>
  findPlaceholders(text, conventionsForFlags(flags)).map((m) => text.slice(m.start, m.end));

void describe('gettext format flags', () => {
  void test('an X-format flag protects exactly that grammar, plus markup', () => {
    assert.deepEqual(kept(['c-format'], '<b>%s</b> of % d, {name} :attr'), ['<b>', '%s', '</b>', '% d']);
    assert.deepEqual(kept(['python-format'], '%(name)r and % s, {0}'), ['%(name)r', '% s']);
    assert.deepEqual(kept(['python-brace-format'], '{name} at 100%d {{'), ['{name}', '{{']);
    assert.deepEqual(kept(['sh-format'], 'Copy $src to ${dest}, {x}'), ['$src', '${dest}']);
    assert.deepEqual(kept(['php-format'], "%1$s has %'.10d"), ['%1$s', "%'.10d"]);
    assert.deepEqual(kept(['perl-format'], '%vd and %s'), ['%vd', '%s']);
    assert.deepEqual(kept(['javascript-format'], '%j and %s'), ['%j', '%s']);
    assert.deepEqual(kept(['qt-format'], '%1 of %L2'), ['%1', '%L2']);
    assert.deepEqual(kept(['elixir-format'], '%{count} files'), ['%{count}']);
  });

  void test('several declared formats add up; fuzzy and unknown flags change nothing', () => {
    assert.deepEqual(kept(['fuzzy', 'c-format', 'python-brace-format'], '%s {name}'), ['%s', '{name}']);
    assert.deepEqual(conventionsForFlags(['fuzzy', 'no-wrap', 'range: 0..10', 'klingon-format']), [
      ...CONSERVATIVE,
    ]);
  });

  void test('no-X-format makes look-alikes text; possible-X-format adds X without narrowing', () => {
    assert.deepEqual(kept([], 'Disk 100%d full, {name}'), ['%d', '{name}']);
    assert.deepEqual(kept(['no-c-format'], 'Disk 100%d full, {name}'), ['{name}']);
    assert.deepEqual(kept(['no-python-brace-format'], '{name} and %s'), ['%s']);
    assert.deepEqual(kept(['possible-c-format'], '% d and {name}'), ['% d', '{name}']);
  });
});
