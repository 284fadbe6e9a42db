import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { poHeaderCharset } from '../../../../src/lib/encoding/declarations/poHeaderCharset.js';

const header = (contentType: string) =>
  `# Translation of app\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Project-Id-Version: app 1.0\\n"\n"${contentType}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\nmsgid "Hello"\nmsgstr ""\n`;

describe('poHeaderCharset', () => {
  test("reads the header entry's Content-Type charset", () => {
    for (const label of ['ISO-8859-1', 'UTF-8', 'CHARSET', 'cp1251']) {
      const text = header(`Content-Type: text/plain; charset=${label}`);
      const found = poHeaderCharset(text);
      assert.equal(found?.label, label);
      assert.equal(text.slice(found?.start, found?.end), label);
    }
  });

  test('no header entry, or a charset outside it, declares nothing', () => {
    assert.equal(poHeaderCharset('msgid "Content-Type: text/plain; charset=latin1"\nmsgstr ""\n'), undefined);
    assert.equal(poHeaderCharset(header('Language: fr')), undefined);
  });
});
