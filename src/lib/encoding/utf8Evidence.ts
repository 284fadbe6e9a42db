/** How much of a byte sample reads as UTF-8: well-formed multi-byte sequences against bytes that break it. */
export interface Utf8Evidence {
  valid: number;
  invalid: number;
  /** Offset of the first byte that breaks UTF-8. */
  firstInvalid?: number;
  /** The sample's last bytes start a multi-byte sequence that the end cuts short. */
  cutAtEnd: boolean;
}

/** Length of the sequence a lead byte starts, and the range its second byte must fall in (RFC 3629). */
function lead(byte: number): { length: number; min: number; max: number } | undefined {
  if (byte >= 0xc2 && byte <= 0xdf) return { length: 2, min: 0x80, max: 0xbf };
  if (byte === 0xe0) return { length: 3, min: 0xa0, max: 0xbf };
  if (byte === 0xed) return { length: 3, min: 0x80, max: 0x9f };
  if (byte >= 0xe1 && byte <= 0xef) return { length: 3, min: 0x80, max: 0xbf };
  if (byte === 0xf0) return { length: 4, min: 0x90, max: 0xbf };
  if (byte === 0xf4) return { length: 4, min: 0x80, max: 0x8f };
  if (byte >= 0xf1 && byte <= 0xf3) return { length: 4, min: 0x80, max: 0xbf };
  return undefined;
}

const continues = (next: number, offset: number, sequence: { min: number; max: number }): boolean =>
  offset === 1 ? next >= sequence.min && next <= sequence.max : next >= 0x80 && next <= 0xbf;

export function utf8Evidence(bytes: Uint8Array): Utf8Evidence {
  const evidence: Utf8Evidence = { valid: 0, invalid: 0, cutAtEnd: false };
  for (let at = 0; at < bytes.length;) {
    const byte = bytes[at]!;
    if (byte < 0x80) {
      at++;
      continue;
    }
    const sequence = lead(byte);
    if (sequence) {
      let matched = 1;
      while (
        matched < sequence.length &&
        at + matched < bytes.length &&
        continues(bytes[at + matched]!, matched, sequence)
      ) {
        matched++;
      }
      if (matched === sequence.length) {
        evidence.valid++;
        at += matched;
        continue;
      }
      if (at + matched === bytes.length) {
        evidence.cutAtEnd = true;
        break;
      }
    }
    evidence.invalid++;
    evidence.firstInvalid ??= at;
    at++;
  }
  return evidence;
}
