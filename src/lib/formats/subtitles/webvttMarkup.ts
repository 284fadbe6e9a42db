/**
 * Markup in a line of WebVTT cue text, read as the specification's cue text tokenizer reads it: voice, class,
 * language, ruby and b/i/u tags and karaoke timestamps, and character references as HTML reads them
 * (w3c/webvtt#253), which takes every HTML named reference, the legacy ones (`&lt`, `&amp`, `&nbsp`, `&copy`…)
 * also without their semicolon. Markup is kept verbatim; the text around it is translated.
 */
import { DecodingMode, HtmlEntityDecoder } from 'entities/decode';
import type { Markup } from './cueText.js';

/**
 * A `<` always opens a tag, which runs to the next `>`; unterminated, it runs to the end of the cue, and
 * players show nothing of it: such text is kept, not translated into text they would then show.
 */
const TAG = /<[^>\r\n]*(?:>|$)/y;
/** `&name;` whatever the name: kept whole as before, although HTML shows one it does not know as it is. */
const ANY_NAMED_REFERENCE = /&[A-Za-z][A-Za-z\d]*;/y;

/** How many characters the reference starting at `at` (an `&`) takes, as HTML's tokenizer reads text; 0 if none. */
function referenceLength(text: string, at: number): number {
  let length = 0;
  const decoder = new HtmlEntityDecoder((_, consumed) => {
    length = consumed;
  });
  decoder.startEntity(DecodingMode.Legacy);
  // A negative answer means the decoder wants more input: at the end of the line it decides with what it has.
  if (decoder.write(text, at + 1) < 0) decoder.end();
  return length;
}

function lengthAt(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0].length ?? 0;
}

export function webVttMarkup(line: string): Markup[] {
  const markup: Markup[] = [];
  for (let at = 0; at < line.length;) {
    const char = line[at];
    const length =
      char === '<'
        ? lengthAt(TAG, line, at)
        : char === '&'
          ? Math.max(referenceLength(line, at), lengthAt(ANY_NAMED_REFERENCE, line, at))
          : 0;
    if (length > 0) markup.push({ index: at, text: line.slice(at, at + length) });
    at += Math.max(length, 1);
  }
  return markup;
}
