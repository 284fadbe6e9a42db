import iconv from 'iconv-lite';

/** What a label in a declaration or a detector's answer means for decoding. */
export type LabelMeaning =
  | { kind: 'encoding'; name: string }
  /** ASCII says nothing about bytes above 0x7F; UTF-16/32 cannot be declared inside ASCII-compatible bytes. */
  | { kind: 'uninformative' }
  | { kind: 'unknown' };

const key = (label: string): string => label.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Labels read as a superset, as browsers do (WHATWG Encoding): text labelled Latin-1 is in practice
 * Windows-1252 (curly quotes, the euro sign), which decodes every Latin-1 text character the same way.
 */
const aliases = (name: string, labels: readonly string[]): [string, string][] =>
  labels.map((label) => [label, name]);

const SUPERSETS: ReadonlyMap<string, string> = new Map([
  ...aliases('windows-1252', [
    'iso88591',
    'latin1',
    'l1',
    'cp819',
    'ibm819',
    'isoir100',
    'csisolatin1',
    'iso885911987',
  ]),
  ...aliases('windows-1254', ['iso88599', 'latin5', 'l5', 'isoir148', 'csisolatin5', 'iso885991989']),
  ...aliases('windows-874', ['tis620', 'iso885911']),
  ...aliases('utf-8', ['utf8', 'unicode11utf8', 'unicode20utf8', 'xunicode20utf8']),
]);

const UNINFORMATIVE =
  /^(?:usascii|ascii|ansix341968|iso646us|us|utf16|utf16le|utf16be|ucs2|unicode|unicodefffe|utf32|utf32le|utf32be|ucs4)$/;

/** One spelling per common encoding, so that messages and cache keys name it the same way whatever the label. */
function preferredName(normalized: string, label: string): string {
  const windows = /^(?:windows|win|cp)(874|125[0-8])$/.exec(normalized);
  if (windows) return `windows-${windows[1]}`;
  const iso = /^iso8859(\d{1,2})$/.exec(normalized);
  if (iso) return `iso-8859-${iso[1]}`;
  const koi = /^koi8([ru])$/.exec(normalized);
  if (koi) return `koi8-${koi[1]}`;
  if (/^(?:shiftjis|sjis|xsjis|mskanji)$/.test(normalized)) return 'shift_jis';
  return label.trim().toLowerCase();
}

/** Reads an encoding label (`charset=`, `encoding=`, a detector's name) into the name the decoder uses. */
export function meaningOfLabel(label: string): LabelMeaning {
  const normalized = key(label);
  const superset = SUPERSETS.get(normalized);
  if (superset) return { kind: 'encoding', name: superset };
  if (UNINFORMATIVE.test(normalized)) return { kind: 'uninformative' };
  if (normalized === '' || !iconv.encodingExists(label.trim())) return { kind: 'unknown' };
  return { kind: 'encoding', name: preferredName(normalized, label) };
}

/** Whether a label written in a UTF-8 output would be false (unknown labels such as `CHARSET` are left alone). */
export function declaresOtherThanUtf8(label: string): boolean {
  const meaning = meaningOfLabel(label);
  return meaning.kind === 'uninformative' || (meaning.kind === 'encoding' && meaning.name !== 'utf-8');
}
