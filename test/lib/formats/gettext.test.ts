import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { po } from 'gettext-parser';
import { gettextFormat } from '../../../src/lib/formats/gettext.js';
import {
  appendingTranslator,
  assertInvalidDocument,
  context,
  fixture,
  roundTrip,
  translateWith,
} from '../../helpers/formats.js';
import { entriesOf, untouchableLines } from '../../helpers/gettextCatalogues.js';

const PLACEHOLDERS = /%(?:\d+\$|\([\w.]+\))?[-+#0']*\d*(?:\.\d+)?[diouxXeEfFgGsp%]|\{[\w.]*\}/g;
const placeholdersOf = (text: string): string[] => [...text.matchAll(PLACEHOLDERS)].map((m) => m[0]).sort();

const makeQuotingTranslator = () => appendingTranslator(` "ok" C:\\tmp\\ <b>&`);

const assertInvalid = (source: string) => assertInvalidDocument(gettextFormat, source);

/** The keep pieces of each segment of a catalogue made of `entries`. */
const keptPiecesOf = (entries: readonly string[]): string[][] =>
  gettextFormat
    .parse(`${entries.join('\n\n')}\n`, context())
    .segments.map((pieces) => pieces.filter((p) => p.kind === 'keep').map((p) => p.text));

describe('gettextFormat', () => {
  test('a fully translated file for the same language comes back byte for byte', () => {
    const source = fixture('app.translated.po');
    assert.equal(gettextFormat.parse(source, context('es')).segments.length, 0);
    assert.equal(roundTrip(gettextFormat, source, context('es')), source);
  });

  test('identity translation of an untranslated file gives the expected file', () => {
    const source = fixture('app.po');
    const output = roundTrip(gettextFormat, source);
    assert.equal(output, fixture('app.expected.po'));
    assert.deepEqual(untouchableLines(output), untouchableLines(source));
    assert.ok(untouchableLines(source).length > 40, 'the comparison covers most of the file');
    assert.equal(roundTrip(gettextFormat, output), output, 'a second pass finds nothing left to do');
  });

  test('CRLF line endings and a byte order mark survive', () => {
    const crlf = (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    assert.equal(roundTrip(gettextFormat, crlf(fixture('app.po'))), crlf(fixture('app.expected.po')));
    const translated = crlf(fixture('app.translated.po'));
    assert.equal(roundTrip(gettextFormat, translated), translated);
  });

  test('pseudo translation fills every msgstr and changes nothing else', async () => {
    const source = fixture('app.po');
    const output = await translateWith(gettextFormat, source);
    assert.deepEqual(untouchableLines(output), untouchableLines(source));
    const before = po.parse(source);
    const after = po.parse(output);
    assert.equal(after.headers.Language, 'es');
    assert.equal(after.headers['Plural-Forms'], 'nplurals=2; plural=(n != 1);');
    assert.equal(after.headers['Project-Id-Version'], before.headers['Project-Id-Version']);
    assert.deepEqual(after.obsolete, before.obsolete);
    const [original, translated] = [entriesOf(before), entriesOf(after)];
    assert.deepEqual([...translated.keys()], [...original.keys()]);
    for (const [key, entry] of translated) {
      const was = original.get(key)!;
      assert.equal(entry.msgid_plural, was.msgid_plural, key);
      assert.deepEqual(entry.comments?.reference, was.comments?.reference, key);
      assert.deepEqual(entry.comments?.extracted, was.comments?.extracted, key);
      assert.equal(entry.comments?.flag, was.comments?.flag?.replace(/fuzzy(, )?/, '') || undefined, key);
      assert.equal(entry.msgstr.length, entry.msgid_plural ? 2 : 1, key);
      for (const msgstr of entry.msgstr) {
        assert.notEqual(msgstr, '', key);
        assert.deepEqual(placeholdersOf(msgstr), placeholdersOf(entry.msgid), key);
      }
    }
    assert.deepEqual(translated.get('\u0004Acme Notes')?.msgstr, ['Acme Notas'], 'translations are kept');
    assert.equal(translated.get('menu\u0004Open')?.msgstr[0], '[es: Öþéñ]');
    assert.equal(translated.get('\u0004Discard changes')?.msgstr[0], '[es: Ðíšçáŕð çĥáñĝéš]', 'fuzzy redone');
    assert.deepEqual(translated.get('\u0004%d note synced')?.msgstr, [
      '[es: %d ñöţé šýñçéð]',
      '[es: %d ñöţéš šýñçéð]',
    ]);
    assert.equal(translated.get('\u0004%s: %s')?.msgstr[0], '%s: %s', 'nothing to translate: copied');
    assert.match(
      output,
      /msgstr ""\n"\[es: Ýöúŕ çĥáñĝéš ĥáṽé ñöţ ƀééñ šáṽéð\.\\n"\n"Çļöšé ţĥé ñöţé áñýŵáý\?\]"\n/,
    );
    assert.match(output, /msgstr "\[es: Ðéļéţé ñöţéƀööķ \\"%s\\"\?\]"/);
  });

  test('placeholders, escapes and line breaks are protected pieces', () => {
    const { segments } = gettextFormat.parse(fixture('app.po'), context());
    const keeps = segments.flatMap((pieces) => pieces.filter((p) => p.kind === 'keep').map((p) => p.text));
    // Escapes stay in their written form.
    for (const expected of [
      '\\"%s\\"',
      '%(when)s',
      '%(user)s',
      '%d',
      '%1$d',
      '%2$d',
      '\\n',
      '\\t',
      '\\\\',
      '{version}',
    ]) {
      assert.ok(keeps.includes(expected), `${JSON.stringify(expected)} is kept`);
    }
    const texts = segments.flatMap((pieces) => pieces.filter((p) => p.kind === 'text').map((p) => p.text));
    assert.ok(
      texts.every((text) => !/[%{}\\\n"]/.test(text)),
      JSON.stringify(texts),
    );
  });

  test('plural entries get as many forms as the target language has', async () => {
    const source = fixture('app.po');
    const russian = po.parse(await translateWith(gettextFormat, source, context('ru')));
    assert.equal(russian.headers.Language, 'ru');
    assert.match(russian.headers['Plural-Forms'] ?? '', /^nplurals=3; /);
    assert.deepEqual(russian.translations['']?.['%d note synced']?.msgstr, [
      '[ru: %d ñöţé šýñçéð]',
      '[ru: %d ñöţéš šýñçéð]',
      '[ru: %d ñöţéš šýñçéð]',
    ]);
    const japanese = po.parse(await translateWith(gettextFormat, source, context('ja')));
    assert.equal(japanese.headers['Plural-Forms'], 'nplurals=1; plural=0;');
    assert.deepEqual(japanese.translations['']?.['%d note synced']?.msgstr, ['[ja: %d ñöţéš šýñçéð]']);
  });

  test('quotes and backslashes from the translator are escaped', async () => {
    const output = await translateWith(gettextFormat, fixture('app.po'), context(), makeQuotingTranslator());
    assert.match(output, /msgstr "New note \\"ok\\" C:\\\\tmp\\\\ <b>&"\n/);
    const entry = po.parse(output).translations['']?.['Delete notebook "%s"?'];
    assert.deepEqual(entry?.msgstr, ['Delete notebook "%s"? "ok" C:\\tmp\\ <b>&']);
  });

  test('a header without Language and Plural-Forms gets both; one already right is left alone', () => {
    const file = (headerLines: string, msgstr: string) =>
      `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n${headerLines}\nmsgid "Hi"\nmsgstr "${msgstr}"\n`;
    assert.equal(
      roundTrip(gettextFormat, file('', ''), context('fr')),
      file('"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n', 'Hi'),
    );
    const ready = '"Language: pt_BR\\n"\n"Plural-Forms: nplurals=2; plural=n>1;\\n"\n';
    assert.equal(roundTrip(gettextFormat, file(ready, ''), context('pt-BR')), file(ready, 'Hi'));
    const unknownTarget = '"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n';
    assert.equal(
      roundTrip(gettextFormat, file(unknownTarget, ''), context('tlh')),
      file(unknownTarget.replace('de', 'tlh'), 'Hi'),
      'an unknown language keeps the existing rule',
    );
  });

  test("a template's charset=CHARSET becomes UTF-8, the encoding the output is written in", () => {
    const pot = (charset: string, language: string) =>
      `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=${charset}\\n"\n"Language: ${language}\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\nmsgid "Hi"\nmsgstr ""\n`;
    const out = roundTrip(gettextFormat, pot('CHARSET', ''), context('es'));
    assert.equal(out, `${pot('UTF-8', 'es').slice(0, -'msgstr ""\n'.length)}msgstr "Hi"\n`);
  });

  test('files that are not PO are rejected as invalid documents', () => {
    assertInvalid('msgid "Unterminated\nmsgstr ""\n');
    assertInvalid('msgid "One"\nmsgstr ""\nthis is not PO\n');
    assertInvalid('msgstr "no msgid"\n');
    assertInvalid('msgid "Twice"\nmsgstr ""\n\nmsgid "Twice"\nmsgstr ""\n');
    assertInvalid('msgid "Missing msgstr"\n');
    assertInvalid('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr ""\n');
    assertInvalid('{"json": "instead"}\n');
  });
});

const HEADER = (fields: string) =>
  `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n${fields}\n`;
const msgstrsIn = (output: string, msgid: string): string[] =>
  po.parse(output).translations['']?.[msgid]?.msgstr ?? [];

describe('gettextFormat on real-world layouts', () => {
  test("the file's own Plural-Forms decides the number of forms; a template's says nothing", async () => {
    const transifex = `${HEADER('"Language: es\\n"\n"Plural-Forms: nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n"')}#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n`;
    const output = await translateWith(gettextFormat, transifex, context('es'));
    assert.equal(msgstrsIn(output, '%d file').length, 3);
    assert.equal(po.parse(output).headers['Plural-Forms'], po.parse(transifex).headers['Plural-Forms']);

    const template = `${HEADER('"Language: \\n"\n"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"')}msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n`;
    const russian = await translateWith(gettextFormat, template, context('ru'));
    assert.match(po.parse(russian).headers['Plural-Forms'] ?? '', /^nplurals=3; plural=\(n%10==1/);
    assert.equal(msgstrsIn(russian, '%d file').length, 3);
    const unknown = await translateWith(gettextFormat, template, context('tlh'));
    assert.equal(po.parse(unknown).headers['Plural-Forms'], 'nplurals=2; plural=(n != 1);');
    assert.equal(msgstrsIn(unknown, '%d file').length, 2, 'the header written matches the forms written');
  });

  test('forms serving counts other than 1 take the plural unless the singular has the same placeholders', async () => {
    const file = (rule: string) =>
      `${HEADER(`"Language: hr\\n"\n"Plural-Forms: ${rule}\\n"`)}msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n\nmsgid "%d dog"\nmsgid_plural "%d dogs"\nmsgstr[0] ""\nmsgstr[1] ""\n`;
    const croatian = await translateWith(
      gettextFormat,
      file(
        'nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;',
      ),
      context('hr'),
    );
    assert.deepEqual(msgstrsIn(croatian, 'One file'), ['[hr: %d ƒíļéš]', '[hr: %d ƒíļéš]', '[hr: %d ƒíļéš]']);
    assert.deepEqual(msgstrsIn(croatian, '%d dog'), ['[hr: %d ðöĝ]', '[hr: %d ðöĝš]', '[hr: %d ðöĝš]']);
    const exactlyOne = await translateWith(gettextFormat, file('nplurals=2; plural=n!=1;'), context('hr'));
    assert.deepEqual(msgstrsIn(exactlyOne, 'One file'), ['[hr: Öñé ƒíļé]', '[hr: %d ƒíļéš]']);
  });

  test('leading and trailing whitespace and newlines stay outside the segment', async () => {
    const source = `msgid "\\n  Saving %s…\\t\\n"\nmsgstr ""\n\nmsgid " "\nmsgstr ""\n`;
    const { segments } = gettextFormat.parse(source, context());
    assert.deepEqual(segments, [
      [
        { kind: 'text', text: 'Saving ' },
        { kind: 'keep', text: '%s' },
        { kind: 'text', text: '…' },
      ],
    ]);
    const output = await translateWith(gettextFormat, source);
    assert.deepEqual(msgstrsIn(output, '\n  Saving %s…\t\n'), ['\n  [es: Šáṽíñĝ %s…]\t\n']);
    assert.match(output, /msgid " "\nmsgstr " "\n$/);
  });

  test('several strings on one line are one value, as GNU gettext reads them', async () => {
    const source = 'msgid "Commit " "changes"\nmsgstr ""\n';
    assert.equal(roundTrip(gettextFormat, source), 'msgid "Commit " "changes"\nmsgstr "Commit changes"\n');
    assert.match(await translateWith(gettextFormat, source), /msgstr "\[es: Çöɱɱíţ çĥáñĝéš\]"/);
  });

  test('escapes keep their written form; quotes, backslashes, tabs and control characters are escaped', async () => {
    const source = 'msgid "\\033[1mBold\\033[0m and \\"%s\\" at C:\\\\tmp\\a"\nmsgstr ""\n';
    assert.equal(
      roundTrip(gettextFormat, source),
      `${source.slice(0, -'msgstr ""\n'.length)}msgstr "\\033[1mBold\\033[0m and \\"%s\\" at C:\\\\tmp\\a"\n`,
    );
    const output = await translateWith(
      gettextFormat,
      source,
      context(),
      appendingTranslator(' "q" \\ \t\u0001\u0007'),
    );
    assert.match(output, /msgstr ".*\\a \\"q\\" \\\\ \\t\\001\\a"\n$/);
  });

  test('flags choose the placeholder convention of each entry; unflagged entries get the conservative set', () => {
    const entries = [
      '#, c-format\nmsgid "Wrote %<PRIu64> bytes to <b>%s</b>"\nmsgstr ""',
      '#, python-format\nmsgid "Got %(value)r from %r"\nmsgstr ""',
      '#, sh-format\nmsgid "Copy $source to ${target}"\nmsgstr ""',
      '#, no-c-format\nmsgid "Disk 100%d full"\nmsgstr ""',
      'msgid "The :attribute needs @count of {{ limit }} %count% [[x]] <i>now</i>"\nmsgstr ""',
    ];
    const keeps = keptPiecesOf(entries);
    assert.deepEqual(keeps, [
      ['%<PRIu64>', '<b>%s</b>'],
      ['%(value)r', '%r'],
      ['$source', '${target}'],
      [],
      [':attribute', '@count', '{{ limit }}', '%count%', '[[x]]', '<i>', '</i>'],
    ]);
  });

  test('placeholders next to escapes: a tag with escaped quotes is kept whole, an escape ends a variable name', () => {
    const entries = [
      'msgid "See <a href=\\"https://docs.xfce.org/a\\">the docs</a>."\nmsgstr ""',
      '#, sh-format\nmsgid "please try\\n\\t$cmd_live_rebase\\nor not"\nmsgstr ""',
    ];
    const keeps = keptPiecesOf(entries);
    assert.deepEqual(keeps, [
      ['<a href=\\"https://docs.xfce.org/a\\">', '</a>'],
      ['\\n\\t$cmd_live_rebase\\n'],
    ]);
  });
});
