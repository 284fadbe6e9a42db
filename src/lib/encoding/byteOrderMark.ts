/** The Unicode encodings a file can announce with a byte order mark, and the ones found by their NUL bytes. */
export type WideUnicode = 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';
export type UnicodeEncoding = 'utf-8' | WideUnicode;

const MARKS: readonly { encoding: UnicodeEncoding; bytes: readonly number[] }[] = [
  // UTF-32LE before UTF-16LE: its mark begins with the UTF-16LE one.
  { encoding: 'utf-32le', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { encoding: 'utf-32be', bytes: [0x00, 0x00, 0xfe, 0xff] },
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** The encoding a leading byte order mark announces, and the mark's length in bytes. */
export function byteOrderMark(bytes: Uint8Array): { encoding: UnicodeEncoding; length: number } | undefined {
  const mark = MARKS.find(({ bytes: signature }) => signature.every((byte, i) => bytes[i] === byte));
  return mark && { encoding: mark.encoding, length: mark.bytes.length };
}
