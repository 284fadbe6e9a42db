/**
 * Reads a TMX document (1.4b; 1.1-1.3 files read the same way) into its translation units, with saxes, the
 * strict XML 1.0 parser the app already uses. Nothing outside the document is ever read: a DOCTYPE that only
 * names a DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, as the TMX specification's examples and many tools write
 * it) is accepted and ignored, while one with an internal subset, where entities would be declared, is
 * refused; saxes itself refuses every entity reference but XML's five and character references.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

type Options = { xmlns: false; position: true };

/** One language variant of a unit: its `<seg>` as plain text, inline codes (`<ph>`, `<bpt>`...) as written. */
export interface TmxVariant {
  language: string;
  text: string;
}

export interface TmxUnit {
  /** The unit's own `srclang`, which overrides the header's. */
  sourceLanguage?: string;
  variants: TmxVariant[];
}

export interface TmxDocument {
  /** The header's `srclang`: a language, `*all*`, or absent. */
  sourceLanguage?: string;
  units: TmxUnit[];
}

/** Why a file is not a TMX document this app reads. */
export class TmxError extends Error {
  constructor(
    readonly reason: 'invalid' | 'dtd',
    message: string,
  ) {
    super(message);
    this.name = 'TmxError';
  }
}

/** Text of the bytes: the byte-order mark decides UTF-16 and UTF-8, else the XML declaration's encoding. */
export function decodeTmx(bytes: Buffer): string {
  const bom = bytes.subarray(0, 3);
  if (bom[0] === 0xff && bom[1] === 0xfe) return decodeAs('utf-16le', bytes.subarray(2));
  if (bom[0] === 0xfe && bom[1] === 0xff) return decodeAs('utf-16be', bytes.subarray(2));
  if (bom[0] === 0xef && bom[1] === 0xbb && bom[2] === 0xbf) return decodeAs('utf-8', bytes.subarray(3));
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  return decodeAs(declared ?? 'utf-8', bytes);
}

function decodeAs(label: string, bytes: Buffer): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new TmxError('invalid', `its declared encoding "${label}" is not one this app can read`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TmxError('invalid', `it is not valid ${decoder.encoding} text`);
  }
}

const INLINE_CODES = new Set(['bpt', 'ept', 'ph', 'it', 'ut', 'hi', 'sub']);

/** The unit and variant being read, and how deep inside a `<seg>` the parser is (0: outside). */
interface Reading {
  unit?: TmxUnit;
  language?: string;
  segText?: string;
  segDepth: number;
}

const languageOf = (tag: SaxesTagPlain): string | undefined =>
  tag.attributes['xml:lang'] ?? tag.attributes.lang;

/** Parses a whole TMX document; throws TmxError with a readable reason when it cannot be used. */
export function parseTmx(text: string): TmxDocument {
  const parser = new SaxesParser<Options>({ xmlns: false, position: true });
  const document: TmxDocument = { units: [] };
  const reading: Reading = { segDepth: 0 };
  let root: string | undefined;
  let problem: TmxError | undefined;
  const fail = (error: TmxError) => (problem ??= error);

  parser.on('error', (error) => fail(new TmxError('invalid', error.message.replace(/\.$/, ''))));
  parser.on('doctype', (doctype) => {
    if (doctype.includes('['))
      fail(
        new TmxError(
          'dtd',
          'it declares a DTD (a DOCTYPE with an internal subset); entities and DTDs are refused, so remove the DOCTYPE',
        ),
      );
  });
  parser.on('opentag', (tag) => {
    const name = tag.name;
    if (root === undefined) {
      root = name;
      if (name !== 'tmx') fail(new TmxError('invalid', `its root element is <${name}>, not <tmx>`));
      return;
    }
    if (reading.segDepth > 0) {
      if (!INLINE_CODES.has(name)) fail(new TmxError('invalid', `<seg> contains <${name}>`));
      reading.segDepth += 1;
      return;
    }
    if (name === 'header') {
      const srclang = tag.attributes.srclang;
      if (srclang) document.sourceLanguage = srclang;
    } else if (name === 'tu') {
      const srclang = tag.attributes.srclang;
      reading.unit = { variants: [], ...(srclang ? { sourceLanguage: srclang } : {}) };
    } else if (name === 'tuv') {
      reading.language = languageOf(tag);
      if (!reading.language) fail(new TmxError('invalid', 'a <tuv> has no xml:lang'));
    } else if (name === 'seg') {
      reading.segDepth = 1;
      reading.segText = '';
    }
  });
  const addText = (text: string) => {
    if (reading.segDepth > 0) reading.segText += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', (tag) => {
    if (reading.segDepth > 0) {
      reading.segDepth -= 1;
      if (reading.segDepth === 0 && tag.name === 'seg' && reading.unit && reading.language)
        reading.unit.variants.push({ language: reading.language, text: reading.segText ?? '' });
      return;
    }
    if (tag.name === 'tu' && reading.unit) {
      document.units.push(reading.unit);
      reading.unit = undefined;
    } else if (tag.name === 'tuv') reading.language = undefined;
  });

  parser.write(text);
  if (!problem) parser.close();
  if (problem) throw problem;
  if (root === undefined) throw new TmxError('invalid', 'it has no root element');
  return document;
}
