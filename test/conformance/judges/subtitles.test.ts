import assert from 'node:assert/strict';
import { test } from 'node:test';
import { srtJudge, vttJudge } from '../../../conformance/judges/subtitles.js';

const input = (fileName: string, text: string) => ({ fileName, bytes: Buffer.from(text), text });

test('SubRip: a merged cue is damage', async () => {
  const source =
    '1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>World</i>\n';
  const merged = '1\n00:00:01,000 --> 00:00:04,000\n[es: Ĥéļļö ŵöŕļð]\n';
  const result = await srtJudge.compare(input('a.srt', source), merged, 'es');
  assert.match(result.damage.join('\n'), /cues: 2 → 1/);
});

test('WebVTT: translated cue text keeps settings and tags; a changed setting is damage', async () => {
  const source = 'WEBVTT\n\n00:01.000 --> 00:02.000 align:start\n<v Bob>Hello</v>\n';
  const good = await vttJudge.compare(
    input('a.vtt', source),
    'WEBVTT\n\n00:01.000 --> 00:02.000 align:start\n<v Bob>[es: Ĥéļļö]</v>\n',
    'es',
  );
  assert.deepEqual(good.valid, { ok: true });
  assert.deepEqual(good.damage, []);
  const moved = await vttJudge.compare(
    input('a.vtt', source),
    'WEBVTT\n\n00:01.000 --> 00:02.000 align:end\n<v Bob>Ĥéļļö</v>\n',
    'es',
  );
  assert.match(moved.damage.join('\n'), /settings changed/);
});
