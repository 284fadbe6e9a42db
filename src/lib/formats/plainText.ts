/**
 * Plain text: paragraphs (runs separated by blank lines) are the segments; the separators are kept byte for
 * byte so the output has the source's layout and line endings.
 */
export interface SegmentedDocument {
  /** Alternating parts; `translatable` parts are sent to the translator, the rest are kept as-is. */
  parts: { text: string; translatable: boolean }[];
}

export function segmentPlainText(text: string): SegmentedDocument {
  const parts: SegmentedDocument['parts'] = [];
  const separator = /(?:\r?\n[ \t]*){2,}/g;
  let last = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), translatable: true });
    parts.push({ text: match[0], translatable: false });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), translatable: true });
  return {
    parts: parts.map((p) => (p.translatable && p.text.trim() === '' ? { ...p, translatable: false } : p)),
  };
}

export function joinSegments(document: SegmentedDocument, translations: readonly string[]): string {
  let next = 0;
  return document.parts
    .map((part) => (part.translatable ? (translations[next++] ?? part.text) : part.text))
    .join('');
}
