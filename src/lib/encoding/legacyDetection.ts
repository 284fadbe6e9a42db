import chardet from 'chardet';
import iconv from 'iconv-lite';
import { meaningOfLabel } from './encodingLabel.js';

/**
 * chardet scores candidates 0-100, and a short sample can score a wrong guess high. A guess is taken when
 * it scores at least MIN_CONFIDENCE and leads the best candidate that would read the bytes differently by
 * MIN_LEAD. Tried on subtitle samples (one short line, one line, ten cues) in 25 language/encoding pairs:
 * every wrong first guess was refused (a 40-character French line read as Windows-1257 by 7 points, Thai
 * read as EUC-JP tied with EUC-KR, short Arabic), and right ones were refused only for Ukrainian (scored
 * 10-15) and single short Czech and Polish lines.
 */
export const MIN_CONFIDENCE = 20;
export const MIN_LEAD = 10;

/** Statistics need text, not the ASCII timings and markup around it: detection reads this much from the first non-ASCII line. */
const DETECTION_BYTES = 64 * 1024;

export type LegacyDetection =
  { found: true; name: string; confidence: number } | { found: false; reason: string };

/** C0 controls other than tab, line feed, vertical tab, form feed, carriage return and escape: not text. */
function controlShare(sample: Uint8Array): number {
  let controls = 0;
  for (const byte of sample) {
    if ((byte < 0x20 && !(byte >= 0x09 && byte <= 0x0d) && byte !== 0x1b) || byte === 0x7f) controls++;
  }
  return sample.length === 0 ? 0 : controls / sample.length;
}

function detectionWindow(sample: Uint8Array): Uint8Array {
  const firstHigh = sample.findIndex((byte) => byte >= 0x80);
  if (firstHigh === -1) return sample.subarray(0, DETECTION_BYTES);
  const lineStart = sample.lastIndexOf(0x0a, firstHigh) + 1;
  return sample.subarray(lineStart, lineStart + DETECTION_BYTES);
}

/**
 * A candidate must turn every byte into a text character: one that leaves bytes undefined (U+FFFD) or makes
 * C1 control characters of them cannot be the file's encoding, whatever its score.
 */
function decodesCleanly(window: Uint8Array, name: string): boolean {
  return !/[\u0080-\u009f\uFFFD]/.test(iconv.decode(Buffer.from(window), name));
}

/** A legacy (non-Unicode) encoding for bytes that are not UTF-8 and declare none. */
export function detectLegacyEncoding(sample: Uint8Array): LegacyDetection {
  if (sample.includes(0)) {
    return {
      found: false,
      reason: 'it holds zero bytes: binary data, or UTF-16/32 whose byte layout cannot be told',
    };
  }
  if (controlShare(sample) > 0.01) {
    return { found: false, reason: 'it holds control bytes that text does not have (binary data?)' };
  }
  const window = detectionWindow(sample);
  const candidates = chardet
    .analyse(window)
    .filter((match) => !/^(?:UTF|ASCII|ISO-2022)/i.test(match.name))
    .flatMap((match) => {
      const meaning = meaningOfLabel(match.name);
      return meaning.kind === 'encoding' ? [{ name: meaning.name, confidence: match.confidence }] : [];
    })
    .filter((match) => decodesCleanly(window, match.name));
  const best = candidates[0];
  if (!best) return { found: false, reason: 'no legacy encoding fits its bytes' };
  const reading = iconv.decode(Buffer.from(window), best.name);
  const rival = candidates.find((match) => iconv.decode(Buffer.from(window), match.name) !== reading);
  const guess = `its likeliest encoding, ${best.name}, scores ${best.confidence}/100`;
  if (best.confidence < MIN_CONFIDENCE) {
    return { found: false, reason: `${guess}, under the ${MIN_CONFIDENCE} needed to decode it safely` };
  }
  if (rival && best.confidence - rival.confidence < MIN_LEAD) {
    return {
      found: false,
      reason: `${guess}, too close to ${rival.name} (${rival.confidence}), which reads it differently`,
    };
  }
  return { found: true, ...best };
}
