import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceText } from '../../../../src/lib/translation/tokens.js';
import { vttFormat } from '../../../../src/lib/formats/subtitles.js';
import {
  appendingTranslator,
  assertInvalidDocument,
  roundTrip,
  translateWith,
} from '../../../helpers/formats.js';
import { throughParts } from '../../../helpers/subtitleParts.js';
import { cueFrames, webVttCues } from '../../../helpers/subtitleJudges.js';

/** Files browsers read, each with a way of writing cues the parser algorithm allows. */
const FILES: Record<string, string> = {
  'cue right after the signature': 'WEBVTT\n00:00:01.000 --> 00:00:02.000\nRight after the header.\n',
  'header lines, then a cue with no blank line':
    'WEBVTT - title\nKind: captions\n00:00:01.000 --> 00:00:02.000\nHello there.\n',
  'cues with no blank line between them':
    'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFirst cue.\n00:00:03.000 --> 00:00:04.000\nSecond cue.\nsecond-id\n00:00:05.000 --> 00:00:06.000\nThird cue.\n',
  'arrow without spaces and indented timing lines':
    'WEBVTT\n\n00:00:01.000-->00:00:02.000\nNo spaces.\n\n   00:00:03.000 --> 00:00:04.000 align:start line:10%\nIndented.\n\n\t00:04.500\t-->\t00:05.000\nTabs.\n',
  'bare ampersands and references':
    'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFish & chips &amp; peas, AT&T &lt;3\n',
  'identifiers, comments, styles, regions and settings':
    'WEBVTT\n\nSTYLE\n::cue(.loud) { color: red }\n\nREGION\nid:left\nwidth:40%\n\nNOTE keep this note\n\nopening\n00:00:01.000 --> 00:00:02.500 region:left vertical:rl size:50%\n<v.loud Ana>Who is there?</v>\n<i>Nobody</i>.\n\nNOTE\nsecond note\n\n00:01:00.000 --> 00:01:02.000 position:20%,line-left\n<c.yellow>Goodbye</c> <00:01:01.000>now.\n',
  'CRLF and CR line breaks, a line of spaces inside a cue':
    'WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nOne line\r\n   \r\nafter spaces\r\n\r00:00:03.000 --> 00:00:04.000\rCR only\r',
  'byte order mark': '\uFEFFWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nWith a BOM.\n',
};

describe('WebVTT against an independent reader (webvtt-parser)', () => {
  for (const [name, file] of Object.entries(FILES)) {
    test(`${name}: bytes kept, then every cue translated with its id, timings and settings intact`, async () => {
      assert.equal(roundTrip(vttFormat, file), file);
      const before = webVttCues(file);
      assert.ok(before.length > 0);
      assert.equal(vttFormat.parse(file, { targetLanguage: 'es' }).segments.length, before.length);

      const pseudo = webVttCues(await translateWith(vttFormat, file));
      assert.deepEqual(cueFrames(pseudo), cueFrames(before));
      pseudo.forEach((cue) => assert.match(cue.shown, /\[es: /));

      const unruly = await translateWith(
        vttFormat,
        file,
        { targetLanguage: 'es' },
        appendingTranslator(' & <3 --> ok'),
      );
      const judged = webVttCues(unruly);
      assert.deepEqual(cueFrames(judged), cueFrames(before));
      judged.forEach((cue, i) => assert.equal(cue.shown, `${before[i]!.shown} & <3 --> ok`));
      assert.equal(unruly.match(/-->/g)?.length, before.length, 'no arrow but in timing lines');
    });
  }

  test('a cue whose timings browsers cannot read is kept as it is; a file with no readable cue is invalid', async () => {
    const file =
      'WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nDropped by browsers.\n\n00:00:03.000 --> 00:00:04.000\nShown.\n';
    const output = await translateWith(vttFormat, file);
    assert.ok(output.includes('\n00:00:01,000 --> 00:00:02,000\nDropped by browsers.\n'));
    const shown = webVttCues(output).map((cue) => cue.shown);
    assert.equal(shown.length, 1);
    assert.match(shown[0] ?? '', /^\[es: \S+\.\]$/);
    assertInvalidDocument(vttFormat, 'WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nDropped by browsers.\n');
    assertInvalidDocument(
      vttFormat,
      '\nWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA blank line before the signature.\n',
    );
  });
  test('streamed in parts cut anywhere the format allows, a file gives the segments and bytes of the whole', async () => {
    const file = Object.values(FILES).join('\n');
    const whole = vttFormat.parse(file, { targetLanguage: 'es' }).segments.map(sourceText);
    for (const size of [5, 17, 64, 300]) {
      const { segments, rendered, parts } = await throughParts(vttFormat, file, size);
      assert.equal(rendered, file, `size ${size}`);
      assert.deepEqual(segments, whole, `size ${size}`);
      if (size < 64) assert.ok(parts > 3, `size ${size}: ${parts} parts`);
    }
  });
});
