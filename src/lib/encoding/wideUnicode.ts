import type { WideUnicode } from './byteOrderMark.js';

const ratio = (count: number, total: number): number => (total === 0 ? 0 : count / total);

/**
 * UTF-32 without a byte order mark: every code point below U+110000 leaves the high byte of each 4-byte unit
 * zero and the next one at most 0x10, so a sample where that holds for every unit is UTF-32.
 */
function utf32(sample: Uint8Array): WideUnicode | undefined {
  const units = Math.floor(sample.length / 4);
  if (units < 2) return undefined;
  let littleEndian = true;
  let bigEndian = true;
  for (let unit = 0; unit < units && (littleEndian || bigEndian); unit++) {
    const at = unit * 4;
    if (sample[at + 3] !== 0 || (sample[at + 2] ?? 0) > 0x10) littleEndian = false;
    if (sample[at] !== 0 || (sample[at + 1] ?? 0) > 0x10) bigEndian = false;
  }
  if (littleEndian && !bigEndian) return 'utf-32le';
  if (bigEndian && !littleEndian) return 'utf-32be';
  return undefined;
}

/** Share of 2-byte units one of whose bytes must be zero (ASCII, Latin-1, line breaks, spaces, digits). */
const MIN_ZERO_SHARE = 1 / 8;

/**
 * UTF-16 without a byte order mark, by where its zero bytes fall: text in UTF-16 has one in the high byte
 * of every character below U+0100 (markup, digits, spaces, line breaks: plenty in any subtitle or document),
 * and hardly any in the low byte. Text in any ASCII-compatible encoding has no zero bytes at all.
 */
function utf16(sample: Uint8Array): WideUnicode | undefined {
  const units = Math.floor(sample.length / 2);
  if (units < 2) return undefined;
  let zeroFirst = 0;
  let zeroSecond = 0;
  for (let unit = 0; unit < units; unit++) {
    if (sample[unit * 2] === 0) zeroFirst++;
    if (sample[unit * 2 + 1] === 0) zeroSecond++;
  }
  if (ratio(zeroSecond, units) >= MIN_ZERO_SHARE && zeroFirst * 4 <= zeroSecond) return 'utf-16le';
  if (ratio(zeroFirst, units) >= MIN_ZERO_SHARE && zeroSecond * 4 <= zeroFirst) return 'utf-16be';
  return undefined;
}

/** UTF-32 or UTF-16 recognised by the pattern of zero bytes in a sample without a byte order mark. */
export const wideUnicode = (sample: Uint8Array): WideUnicode | undefined => utf32(sample) ?? utf16(sample);
