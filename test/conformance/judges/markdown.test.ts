import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownJudge } from '../../../conformance/judges/markdown.js';

const input = (text: string) => ({ fileName: 'README.md', bytes: Buffer.from(text), text });
const source = '# Title\n\nSee [the docs](https://example.org/docs) and `npm test`.\n\n- one\n- two\n';

test('text translated, structure, code and destinations kept: valid and undamaged', async () => {
  const output =
    '# [es: Ţíţļé]\n\n[es: Šéé [ţĥé ðöçš](https://example.org/docs) áñð `npm test`.]\n\n- [es: öñé]\n- [es: ţŵö]\n';
  const result = await markdownJudge.compare(input(source), output, 'es');
  assert.deepEqual(result.valid, { ok: true });
  assert.deepEqual(result.damage, []);
  assert.equal(result.coverage.translated, result.coverage.expected);
});

test('a changed list marker is a structure change; translated code is damage', async () => {
  const output = '# Ţíţļé\n\nŠéé [ţĥé ðöçš](https://example.org/docs) áñð `ñþɱ ţéšţ`.\n\n* öñé\n* ţŵö\n';
  const result = await markdownJudge.compare(input(source), output, 'es');
  assert.equal(result.valid.ok, false);
  assert.match(result.damage.join('\n'), /code_inline: npm test/);
});
