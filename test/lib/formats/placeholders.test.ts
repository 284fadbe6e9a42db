import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONSERVATIVE,
  MARKUP,
  findPlaceholders,
  pushPlaceholders,
  type ConventionName,
} from '../../../src/lib/formats/placeholders.js';
import type { Piece } from '../../../src/lib/translation/translator.js';

const found = (text: string, conventions: readonly ConventionName[] = CONSERVATIVE): string[] =>
  findPlaceholders(text, conventions).map((m) => text.slice(m.start, m.end));

void describe('placeholder catalogue', () => {
  void test('the conservative set protects the conventions real i18n files use', () => {
    const cases: [string, string[]][] = [
      ['You have %count% new messages', ['%count%']],
      ['At most {{ limit }} characters, {{name}}, {{{raw}}}', ['{{ limit }}', '{{name}}', '{{{raw}}}']],
      ['Got %r from %(host)r, %(count)d left', ['%r', '%(host)r', '%(count)d']],
      ['Wrote %<PRIu64> bytes (%5<PRId64> total)', ['%<PRIu64>', '%5<PRId64>']],
      ['Copy $source to ${target}', ['$source', '${target}']],
      ['The :attribute must be at least :min.', [':attribute', ':min']],
      ['Deleted @count posts by !author on %site', ['@count', '!author', '%site']],
      ['Hello [[user]], see <a href="/x">this</a><br/>', ['[[user]]', '<a href="/x">', '</a>', '<br/>']],
      ['Value {0}, {name}, {count, number}, {}', ['{0}', '{name}', '{count, number}', '{}']],
      ['%1$s of %2$s, %1, %L2, %1%', ['%1$s', '%2$s', '%1', '%L2', '%1%']],
      ['$COUNT$ items, $t(common.ok), @:app.name', ['$COUNT$', '$t(common.ok)', '@:app.name']],
      ['%{count} left, %<total>d done', ['%{count}', '%<total>d']],
      ['Tom &amp; Jerry&#160;&#x2014;', ['&amp;', '&#160;', '&#x2014;']],
    ];
    for (const [text, expected] of cases) assert.deepEqual(found(text), expected, text);
  });

  void test('prose stays text: percentages, times, prices, e-mail-like words, plain braces', () => {
    for (const text of [
      '100% of users are 50% sure',
      'Meet at 10:30, note:this',
      'Costs $5 or US$ 10',
      'Write to user@host',
      'Nothing {see below} here',
      'Wow! Great',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  void test('overlapping readings take the longest, and %d%% stays a directive and a literal percent', () => {
    assert.deepEqual(found('%d%% done'), ['%d', '%%']);
    assert.deepEqual(found('Hello %name%!'), ['%name%']);
    assert.deepEqual(found('%1$s'), ['%1$s']);
  });

  void test('strict grammars follow gettext: C space flag, Python brace escapes, shell names, PHP custom padding', () => {
    assert.deepEqual(found('%s of % d', ['c']), ['%s', '% d']);
    assert.deepEqual(found('{{ {name} {0!r:>10} {user.name} {items[0]} }}', ['python-brace']), [
      '{{',
      '{name}',
      '{0!r:>10}',
      '{user.name}',
      '{items[0]}',
      '}}',
    ]);
    assert.deepEqual(found('$HOME and ${USER} but not $1', ['sh']), ['$HOME', '${USER}']);
    assert.deepEqual(found("%'*10s and %05.2f", ['php']), ["%'*10s", '%05.2f']);
    assert.deepEqual(found("~a and ~5,'0d~%", ['lisp']), ['~a', "~5,'0d", '~%']);
  });

  void test('pushPlaceholders splits text into text and keep pieces that join back to the text', () => {
    const pieces: Piece[] = [];
    pushPlaceholders(pieces, 'Hi {{ name }}, you have %d messages', CONSERVATIVE);
    assert.deepEqual(pieces, [
      { kind: 'text', text: 'Hi ' },
      { kind: 'keep', text: '{{ name }}' },
      { kind: 'text', text: ', you have ' },
      { kind: 'keep', text: '%d' },
      { kind: 'text', text: ' messages' },
    ]);
  });
  void test('found in real catalogues: tags with PO-escaped quotes, date formats, POSIX classes, quoted code', () => {
    const cases: [string, string[]][] = [
      // thunar: a link inside a msgid, its quotes escaped as the PO string writes them.
      [
        'Check the <a href=\\"https://docs.xfce.org/a\\">documentation</a>.',
        ['<a href=\\"https://docs.xfce.org/a\\">', '</a>'],
      ],
      // xfce4-panel: an unflagged strftime format.
      ['%Y-%m-%d', ['%Y', '%m', '%d']],
      ['%a %_d %b, %R', ['%a', '%_d', '%b', '%R']],
      // grep and sed: regular-expression syntax quoted in a message.
      ['character class syntax is [[:space:]], not [:space:]', ['[[:space:]]', '[:space:]']],
      // git: code quoted in backticks.
      ['warning: `:include:` not supported', ['`:include:`']],
      // sed: GNU's old quotes around one token; the words between two of them are prose.
      ["unknown option to `s'", ["`s'"]],
      ["`p' options to `s' command", ["`p'", "`s'"]],
      // git: a brace expansion in a path, in a c-format entry.
      ['not a full refname (i.e., starting with "refs/{heads,tags}/")', ['{heads,tags}']],
    ];
    for (const [text, expected] of cases) assert.deepEqual(found(text, CONSERVATIVE), expected, text);
    assert.deepEqual(
      found('use `git add` and [:alpha:]', MARKUP),
      ['`git add`', '[:alpha:]'],
      'whatever the flags',
    );
  });

  void test('command-line options are kept whatever the flags; hyphenated words and dashes are prose', () => {
    const cases: [string, string[]][] = [
      // wget and nano help lines, GNU long options with values and metavariables.
      ['  -V,  --version   display the version', ['-V', '--version']],
      ['  -nv, --no-verbose', ['-nv', '--no-verbose']],
      ['--backupdir=<dir>', ['--backupdir', '<dir>']],
      // git usage lines and messages.
      [
        'git branch [<options>] [-r | -a] (-c | -C) [--merged]',
        ['<options>', '-r', '-a', '-c', '-C', '--merged'],
      ],
      // GNU's old quotes around an option are kept with it.
      ['The -b/--binary option, "git push -u", `-i\'', ['-b', '--binary', '-u', "`-i'"]],
    ];
    for (const [text, expected] of cases) assert.deepEqual(found(text, MARKUP), expected, text);
    for (const text of [
      'an e-mail to re-run',
      'ABŞ-a bağlı, acessá-la',
      'ženklų(-o), Cô-oét',
      'foo -- bar',
    ]) {
      assert.deepEqual(found(text, MARKUP), [], text);
    }
  });
});
