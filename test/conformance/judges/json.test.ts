import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonJudge } from '../../../conformance/judges/json.js';

const input = (text: string) => ({ fileName: 'en.json', bytes: Buffer.from(text), text });
const source = JSON.stringify({
  items: '{count, plural, one {# item} other {# items}}',
  hi: 'Hello {name}',
  '@hi': { description: 'Greeting' },
});

test('messages translated with their ICU shape: valid and undamaged', async () => {
  const output = JSON.stringify({
    items: '{count, plural, one {[es: # íţéɱ]} other {[es: # íţéɱš]}}',
    hi: '[es: {name} Ĥéļļö]',
    '@hi': { description: 'Greeting' },
  });
  const result = await jsonJudge.compare(input(source), output, 'es');
  assert.deepEqual(result.valid, { ok: true });
  assert.deepEqual(result.damage, []);
  assert.equal(result.coverage.translated, result.coverage.expected);
});

test('a translated plural keyword breaks the message; a renamed argument and changed metadata are damage', async () => {
  const output = JSON.stringify({
    items: '{count, plúŕáļ, one {# íţéɱ} other {# íţéɱš}}',
    hi: 'Ĥéļļö {ñáɱé}',
    '@hi': { description: 'Ĝŕééţíñĝ' },
  });
  const result = await jsonJudge.compare(input(source), output, 'es');
  assert.equal(result.valid.ok, false);
  assert.match(result.damage.join('\n'), /\$\.hi: placeholders lost brace "\{name\}"/);
  assert.match(result.damage.join('\n'), /metadata changed/);
});
