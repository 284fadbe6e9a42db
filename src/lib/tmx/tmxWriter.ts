/**
 * TMX 1.4b text, piece by piece: the document's head and tail, and one `<tu>` per segment pair. Protected
 * pieces (code, placeholders, markup) become `<ph>` inline elements holding their native text, in the
 * source and, where the same text is found, in the translation; everything is escaped.
 */
import type { SegmentPieces } from '../translation/translator.js';

const escapeText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const escapeAttribute = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

/** A comment's text: XML forbids "--" inside a comment and "-" at its end. */
export const xmlComment = (text: string): string =>
  `<!-- ${text.replace(/-(?=-)/g, '- ').replace(/-$/, '- ')} -->\n`;

const ph = (x: number, text: string): string => `<ph x="${x}">${escapeText(text)}</ph>`;

/** The source segment: text and glossary terms as text, protected pieces as numbered `<ph>`. */
export function sourceSeg(pieces: SegmentPieces): { seg: string; kept: { x: number; text: string }[] } {
  const kept: { x: number; text: string }[] = [];
  let seg = '';
  for (const piece of pieces) {
    if (piece.kind === 'keep' && piece.text !== '') {
      const x = kept.length + 1;
      kept.push({ x, text: piece.text });
      seg += ph(x, piece.text);
    } else seg += escapeText(piece.text);
  }
  return { seg, kept };
}

/**
 * The translation, its protected pieces marked: scanning left to right, where a source `<ph>`'s text (longest
 * first) starts and that piece is not used yet, it becomes a `<ph>` with the same `x`. Text the translation
 * changed or dropped stays plain text.
 */
export function targetSeg(translation: string, kept: readonly { x: number; text: string }[]): string {
  if (kept.length === 0) return escapeText(translation);
  const remaining = [...kept].sort((a, b) => b.text.length - a.text.length);
  let seg = '';
  let plain = '';
  let at = 0;
  while (at < translation.length) {
    const found = remaining.findIndex((k) => translation.startsWith(k.text, at));
    const piece = found === -1 ? undefined : remaining[found];
    if (!piece) {
      plain += translation.charAt(at);
      at += 1;
      continue;
    }
    seg += escapeText(plain) + ph(piece.x, piece.text);
    plain = '';
    remaining.splice(found, 1);
    at += piece.text.length;
  }
  return seg + escapeText(plain);
}

export interface TmxHead {
  jobId: string;
  /** The job's source language, or `*all*` when the provider detected it per file. */
  sourceLanguage: string;
  toolVersion: string;
  createdAt: Date;
}

/** TMX dates: YYYYMMDDThhmmssZ. */
const tmxDate = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export function tmxHead(head: TmxHead): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<tmx version="1.4">\n' +
    `<header creationtool="batch-translator" creationtoolversion="${escapeAttribute(head.toolVersion)}"` +
    ` segtype="block" o-tmf="batch-translator" adminlang="en"` +
    ` srclang="${escapeAttribute(head.sourceLanguage)}" datatype="plaintext"` +
    ` creationdate="${tmxDate(head.createdAt)}">\n` +
    `<prop type="x-job-id">${escapeText(head.jobId)}</prop>\n` +
    '</header>\n<body>\n'
  );
}

export const TMX_TAIL = '</body>\n</tmx>\n';

/** One unit: the source variant, then the target's. */
export function tmxUnit(
  source: { language: string; seg: string },
  target: { language: string; seg: string },
): string {
  const tuv = (language: string, seg: string) =>
    `<tuv xml:lang="${escapeAttribute(language)}"><seg>${seg}</seg></tuv>`;
  return `<tu>${tuv(source.language, source.seg)}${tuv(target.language, target.seg)}</tu>\n`;
}
