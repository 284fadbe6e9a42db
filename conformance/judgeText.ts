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
    const encoding =
      declared && declared !== 'utf-8' && iconv.encodingExists(declared)
        ? declared
        : (chardet.detect(bytes) ?? 'windows-1252').toLowerCase();
    return {
      text: iconv.decode(bytes, iconv.encodingExists(encoding) ? encoding : 'windows-1252'),
      encoding,
    };
  }
}
