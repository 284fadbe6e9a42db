import iconv from 'iconv-lite';
import { PermanentItemError } from '../errors.js';
import { byteOrderMark, type WideUnicode } from './byteOrderMark.js';
import {
  allDeclarations,
  honouredDeclaration,
  type DeclarationKind,
} from './declarations/declarationKind.js';
import { declaresOtherThanUtf8, meaningOfLabel } from './encodingLabel.js';
import { detectLegacyEncoding } from './legacyDetection.js';
import { utf8Evidence } from './utf8Evidence.js';
import { wideUnicode } from './wideUnicode.js';

/** The encoding a file is read in, and what decided it. */
export interface ResolvedEncoding {
  /** The decoder's name: `utf-8`, `utf-16le`, `windows-1252`, `shift_jis` … */
  name: string;
  via: 'byte order mark' | 'zero bytes' | 'declaration' | 'utf-8 bytes' | 'detection';
  /** Detection's score (0-100), when detection decided. */
  confidence?: number;
  /**
   * The sample's ASCII text declares an encoding other than UTF-8, which the UTF-8 output corrects (for
   * UTF-16/32 files, whose declarations are not ASCII bytes, always false: their output changes anyway).
   */
  rewritesDeclaration: boolean;
}

export interface EncodingOptions {
  /** How the file's format declares its encoding, if it can. */
  declarations?: DeclarationKind;
  /** The sample is the whole file (else a prefix, whose last character may be cut). */
  complete: boolean;
}

const refuse = (reason: string): PermanentItemError =>
  new PermanentItemError('invalid_encoding', `The file's text encoding cannot be read: ${reason}.`);

/**
 * Bytes as Latin-1, one character each, after a UTF-8 byte order mark: ASCII declarations read the same in
 * any ASCII-compatible encoding.
 */
const asLatin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/^\xef\xbb\xbf/, '');

/** C0 controls other than tab, line breaks, form feed and escape, or U+FFFD: what decoded text never holds. */
function hasNonText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !(code >= 0x09 && code <= 0x0d) && code !== 0x1b) || code === 0xfffd) return true;
  }
  return false;
}

/** Zero bytes suggested UTF-16 or UTF-32: the sample must decode into text for that to hold. */
function decodesAsText(sample: Uint8Array, name: WideUnicode, complete: boolean): boolean {
  const unit = name.startsWith('utf-16') ? 2 : 4;
  const whole = complete ? sample : sample.subarray(0, sample.length - (sample.length % unit));
  try {
    const text =
      unit === 2
        ? new TextDecoder(name, { fatal: true }).decode(whole, { stream: !complete })
        : iconv.decode(Buffer.from(whole), name);
    return !hasNonText(text);
  } catch {
    return false;
  }
}

function isUtf8(sample: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Bytes that are mostly well-formed UTF-8 are damaged UTF-8: decoding them as a legacy encoding would garble them. */
function damagedUtf8(sample: Uint8Array, complete: boolean): string | undefined {
  const evidence = utf8Evidence(sample);
  if (evidence.invalid === 0 && evidence.cutAtEnd && complete) {
    return 'it ends inside a UTF-8 character (a file cut short?) and has no other byte to tell its encoding by';
  }
  if (evidence.valid > 0 && evidence.valid >= evidence.invalid) {
    return `it is UTF-8 with ${evidence.invalid} invalid byte sequence(s), the first at byte ${evidence.firstInvalid ?? 0}`;
  }
  return undefined;
}

/**
 * Decides how a file's bytes are read, from a sample (the whole file, or its first MiB when streamed):
 * a byte order mark wins; then UTF-16/32 told by zero bytes; then what the file declares (HTML meta charset
 * in the first 1024 bytes, XML declaration, PO header); then UTF-8 if the bytes are UTF-8; then a legacy
 * encoding detected with enough confidence. Anything else is refused with `invalid_encoding`.
 */
export function resolveEncoding(sample: Uint8Array, options: EncodingOptions): ResolvedEncoding {
  const { declarations, complete } = options;
  const latin1 = declarations ? asLatin1(sample) : '';
  const declared = declarations ? honouredDeclaration(declarations, latin1) : undefined;
  const rewritesDeclaration =
    declarations !== undefined &&
    allDeclarations(declarations, latin1).some((declaration) => declaresOtherThanUtf8(declaration.label));

  const mark = byteOrderMark(sample);
  if (mark) return { name: mark.encoding, via: 'byte order mark', rewritesDeclaration };

  const wide = wideUnicode(sample);
  if (wide && decodesAsText(sample, wide, complete)) {
    return { name: wide, via: 'zero bytes', rewritesDeclaration: false };
  }

  const meaning = declared ? meaningOfLabel(declared.label) : undefined;
  if (meaning?.kind === 'encoding') return { name: meaning.name, via: 'declaration', rewritesDeclaration };

  if (isUtf8(sample, complete)) return { name: 'utf-8', via: 'utf-8 bytes', rewritesDeclaration };
  const damaged = damagedUtf8(sample, complete);
  if (damaged) throw refuse(damaged);

  const detected = detectLegacyEncoding(sample);
  if (!detected.found) throw refuse(`it is not UTF-8, declares no encoding, and ${detected.reason}`);
  return { name: detected.name, via: 'detection', confidence: detected.confidence, rewritesDeclaration };
}
