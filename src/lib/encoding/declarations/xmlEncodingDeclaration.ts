import type { CharsetDeclaration } from './charsetDeclaration.js';

/**
 * `<?xml version="1.0" encoding="…"?>`: the XML declaration may only open the document (after a byte order
 * mark, kept as text in UTF-8), and its pseudo-attributes come in a fixed order, so one pattern reads it.
 */
const DECLARATION =
  /^\uFEFF?<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*')[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;

export function xmlEncodingDeclaration(text: string): CharsetDeclaration | undefined {
  const match = DECLARATION.exec(text);
  const label = match?.[2];
  if (!match || label === undefined) return undefined;
  const end = match[0].length - 1;
  return { label, start: end - label.length, end };
}
