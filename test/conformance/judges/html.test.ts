import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlJudge } from '../../../conformance/judges/html.js';

const input = (text: string) => ({ fileName: 'a.html', bytes: Buffer.from(text), text });
const source =
  '<html lang="en"><body><p class="x">Hello <b>world</b></p><img alt="A cat" src="cat.png"><pre>make all</pre></body></html>';

test('text and alt translated, lang set: valid and undamaged', async () => {
  const output =
    '<html lang="es"><body><p class="x">[es: Ĥéļļö <b>ŵöŕļð</b>]</p><img alt="[es: Á çáţ]" src="cat.png"><pre>make all</pre></body></html>';
  const result = await htmlJudge.compare(input(source), output, 'es');
  assert.deepEqual(result.valid, { ok: true });
  assert.deepEqual(result.damage, []);
  assert.equal(result.coverage.translated, result.coverage.expected);
});

test('a translated pre block and a changed class are damage; a lost element is invalid', async () => {
  const output =
    '<html lang="es"><body><p class="y">Ĥéļļö ŵöŕļð</p><img alt="Á çáţ" src="cat.png"><pre>ɱáķé áļļ</pre></body></html>';
  const result = await htmlJudge.compare(input(source), output, 'es');
  assert.equal(result.valid.ok, false);
  assert.match(result.damage.join('\n'), /source "<p class=/);
});
