import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { po } from 'gettext-parser';
import type { GetTextTranslation } from 'gettext-parser';
import { runTool } from '../../../conformance/tools.js';
import { gettextFormat } from '../../../src/lib/formats/gettext.js';
import { fixture, translateWith } from '../../helpers/formats.js';
import { entriesOf, untouchableLines } from '../../helpers/gettextCatalogues.js';

describe('gettextFormat drafts (mark_as_draft)', () => {
  const flagsOf = (entry: GetTextTranslation | undefined): string[] =>
    (entry?.comments?.flag ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');

  test('every entry the app wrote is fuzzy, other flags kept; entries it left alone are untouched', async () => {
    const source = fixture('app.po');
    const draft = await translateWith(gettextFormat, source, { targetLanguage: 'es', markAsDraft: true });
    const plain = await translateWith(gettextFormat, source, { targetLanguage: 'es' });
    const before = entriesOf(po.parse(source));
    const drafted = entriesOf(po.parse(draft));
    const final = entriesOf(po.parse(plain));
    let written = 0;
    for (const [key, entry] of before) {
      const wasPending = entry.msgstr.some((s) => s === '') || flagsOf(entry).includes('fuzzy');
      const out = drafted.get(key);
      assert.deepEqual(out?.msgstr, final.get(key)?.msgstr, `${key}: same translation as without drafts`);
      if (wasPending) {
        written++;
        assert.ok(flagsOf(out).includes('fuzzy'), `${key} is marked fuzzy`);
        for (const flag of flagsOf(entry)) assert.ok(flagsOf(out).includes(flag), `${key} keeps ${flag}`);
        assert.ok(!flagsOf(final.get(key)).includes('fuzzy'), `${key} is not fuzzy without drafts`);
      } else {
        assert.deepEqual(out, entry, `${key} untouched`);
      }
    }
    assert.ok(written >= 5, `the fixture has entries to write (${written})`);
    assert.deepEqual(untouchableLines(draft), untouchableLines(source));
    const check = await runTool('msgfmt', ['--check', '-o', '/dev/null', '-'], Buffer.from(draft));
    assert.equal(check.code, 0, check.stderr);
  });

  test('the fuzzy line goes before #| comments and keywords, with the file line endings', async () => {
    const source =
      'msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\n' +
      '#: a.c:1\r\n#| msgid "Old"\r\nmsgid "Open"\r\nmsgstr ""\r\n\r\n' +
      '#, c-format\r\nmsgid "Open %s"\r\nmsgstr ""\r\n\r\nmsgid "Close"\r\nmsgstr ""\r\n';
    const draft = await translateWith(gettextFormat, source, { targetLanguage: 'es', markAsDraft: true });
    assert.match(draft, /#: a\.c:1\r\n#, fuzzy\r\n#\| msgid "Old"\r\nmsgid "Open"\r\n/);
    assert.match(draft, /\r\n#, fuzzy, c-format\r\nmsgid "Open %s"\r\n/);
    assert.match(draft, /\r\n#, fuzzy\r\nmsgid "Close"\r\n/);
    const check = await runTool('msgfmt', ['--check', '-o', '/dev/null', '-'], Buffer.from(draft));
    assert.equal(check.code, 0, check.stderr);
  });
});
