import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentItemError } from '../../../src/lib/errors.js';
import type { TextFormat } from '../../../src/lib/formats/format.js';
import { plainTextFormat } from '../../../src/lib/formats/plainText.js';
import { guardedFormat, textFormatFor } from '../../../src/lib/formats/registry.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { context, translateWith } from '../../helpers/formats.js';

const nested = (depth: number, open: string, close: string, inner: string): string =>
  open.repeat(depth) + inner + close.repeat(depth);

const failingFormat = (thrown: unknown): TextFormat => ({
  id: 'failing',
  extensions: ['.failing'],
  version: 1,
  parse() {
    throw thrown;
  },
});

function assertInvalidDocument(parse: () => unknown, message: RegExp): void {
  assert.throws(parse, (error) => {
    assert.ok(error instanceof PermanentItemError, `got ${String(error)}`);
    assert.equal(error.code, 'invalid_document');
    assert.match(error.message, message);
    return true;
  });
}

describe('format registry', () => {
  test('whatever a parser throws becomes a permanent invalid_document naming the format and the reason', () => {
    const context = { targetLanguage: 'es' };
    assertInvalidDocument(
      () => guardedFormat(failingFormat(new Error('unexpected token'))).parse('x', context),
      /as failing: unexpected token/,
    );
    assertInvalidDocument(
      () =>
        guardedFormat(failingFormat(new RangeError('Maximum call stack size exceeded'))).parse('x', context),
      /nested too deeply/,
    );
    const own = new PermanentItemError('invalid_document', 'Invalid JSON at line 1');
    assert.throws(
      () => guardedFormat(failingFormat(own)).parse('x', context),
      (error) => error === own,
    );
  });

  test('4,000 nested JSON objects end as invalid_document instead of a RangeError that would be retried', () => {
    const format = textFormatFor('messages.json');
    assert.ok(format);
    assertInvalidDocument(
      () => format.parse(nested(4_000, '{"a":', '}', '"text"'), { targetLanguage: 'es' }),
      /nested too deeply/,
    );
  });

  const URL = 'https://example.com/a?b=1&c=2';
  const MAIL = 'help@example.com';
  const WWW = 'www.example.org';
  /** A file per format with addresses in its translated text. */
  const FILES: Record<string, string> = {
    'a.txt': `Write to ${MAIL} or visit ${URL} today.\n`,
    'a.md': `Visit [${URL}](${URL}), ${WWW} or <${MAIL}>; see "www.example.org" too.\n`,
    'a.html': `<p>Visit ${URL} or mail ${MAIL}, <b>${WWW}</b>.</p>`,
    'a.json': JSON.stringify({
      plain: `Visit ${URL} or ${WWW}`,
      icu: `{count, plural, one {# link: ${URL}} other {# links: ${URL}}}`,
    }),
    'a.po': `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Visit ${URL} for %s"\nmsgstr ""\n`,
    'a.xlf': `<?xml version="1.0"?>\n<xliff version="1.2">\n  <file source-language="en" datatype="plaintext" original="a.txt">\n    <body>\n      <trans-unit id="a">\n        <source>Visit ${URL.replace('&', '&amp;')} or ${MAIL}</source>\n      </trans-unit>\n    </body>\n  </file>\n</xliff>\n`,
    'a.srt': `1\n00:00:01,000 --> 00:00:02,000\nVisit ${WWW} now\n`,
    'a.vtt': `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nMail ${MAIL} now\n`,
  };

  for (const [name, source] of Object.entries(FILES)) {
    test(`URLs and e-mail addresses are kept pieces and come back as written: ${name}`, async () => {
      const format = textFormatFor(name);
      assert.ok(format);
      const kept = format
        .parse(source, context())
        .segments.flatMap((s) => s.filter((p) => p.kind === 'keep'));
      const addresses = [URL, MAIL, WWW].filter((address) => source.includes(address));
      const keptAddress = (address: string) => kept.some((piece) => piece.text.includes(address));
      assert.ok(addresses.some(keptAddress), JSON.stringify(kept));
      const output = await translateWith(format, source, context(), new PseudoTranslator());
      // XLIFF writes the address's `&` as `&amp;` in its target, as the source did.
      const written = (address: string) => (name === 'a.xlf' ? address.replace('&', '&amp;') : address);
      const translated = output.replace(/<source>.*<\/source>|msgid ".*"/g, '');
      for (const address of addresses)
        assert.ok(translated.includes(written(address)), `${address} in ${output}`);
      assert.match(output, /\[es: /, 'the text around them is translated');
    });
  }

  test("the registry's rules count in every format's version, so cached outputs of older rules are not reused", () => {
    assert.equal(textFormatFor('a.txt')?.version, plainTextFormat.version + 100);
  });
});
