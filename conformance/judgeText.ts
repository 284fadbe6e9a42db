/**
 * How the judges read a file's bytes, independently of the product: a byte-order mark, else valid UTF-8, else
 * the charset the file declares (PO header, XML declaration, HTML meta), else chardet's guess; iconv-lite
 * decodes. The product may refuse what the judges can read: that is a finding, not a judge error.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface JudgeText {
  text: string;
  encoding: string;
  /** Set when the bytes contradict their own byte-order mark: no reading of them is right. */
  broken?: string;
}

const BOMS: readonly [string, number[]][] = [
  ['utf-32le', [0xff, 0xfe, 0x00, 0x00]],
  ['utf-32be', [0x00, 0x00, 0xfe, 0xff]],
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return (
    /charset=([\w.:-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1]
  )?.toLowerCase();
}

export function decodeForJudges(bytes: Buffer): JudgeText {
  const bom = BOMS.find(([, mark]) => mark.every((b, i) => bytes[i] === b));
  if (bom?.[0] === 'utf-8') {
    try {
      return {
        text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes),
        encoding: 'utf-8',
      };
    } catch {
      return {
        text: iconv.decode(bytes, 'utf-8', { stripBOM: false }),
        encoding: 'utf-8',
        broken: 'a UTF-8 byte-order mark followed by bytes that are not UTF-8',
      };
    }
  }
  if (bom) return { text: iconv.decode(bytes, bom[0], { stripBOM: false }), encoding: bom[0] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const declared = declaredCharset(bytes);
    if (declared && declared !== 'utf-8' && iconv.encodingExists(declared)) {
      return { text: iconv.decode(bytes, declared), encoding: declared };
    }
    return guessed(bytes);
  }
}

/** chardet's confidence (0-100) below which, or lead over a different reading under which, nobody can tell. */
const MIN_CONFIDENCE = 20;
const MIN_LEAD = 10;
/** Fewer bytes outside ASCII than this, in an undeclared non-UTF-8 file, tell no encoding apart. */
const MIN_EVIDENCE_BYTES = 8;

/**
 * An undeclared, non-UTF-8 file read by chardet's best guess, unless its bytes do not say which encoding
 * they are in (a weak guess, or two readings that score alike and decode differently): then no reader can
 * know what the text is, and the input cannot be judged.
 */
function guessed(bytes: Buffer): JudgeText {
  // Two or three letters outside ASCII are no evidence of anything: any single-byte encoding reads them.
  const nonAscii = bytes.reduce((n, byte) => n + (byte >= 0x80 ? 1 : 0), 0);
  if (nonAscii < MIN_EVIDENCE_BYTES) {
    return {
      text: iconv.decode(bytes, 'windows-1252'),
      encoding: 'unknown',
      broken: `bytes whose encoding cannot be told: not UTF-8, none declared, only ${nonAscii} bytes outside ASCII`,
    };
  }
  // A reading that needs C1 control characters or replacement characters is not text anybody wrote.
  const plausible = (name: string) => !/[\u0080-\u009f\ufffd]/.test(iconv.decode(bytes, name));
  const readable = chardet.analyse(bytes).filter((c) => iconv.encodingExists(c.name) && plausible(c.name));
  const [best, ...others] = readable;
  if (!best) return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'unknown', broken: 'no encoding' };
  const text = iconv.decode(bytes, best.name);
  const rival = others.find((c) => iconv.decode(bytes, c.name) !== text);
  const encoding = best.name.toLowerCase();
  if (best.confidence < MIN_CONFIDENCE || (rival && best.confidence - rival.confidence < MIN_LEAD)) {
    return {
      text,
      encoding,
      broken: `bytes whose encoding cannot be told: not UTF-8, none declared, chardet's best reading ${best.name} scores ${best.confidence}${rival ? ` against ${rival.name} ${rival.confidence}` : ''}`,
    };
  }
  return { text, encoding };
}
