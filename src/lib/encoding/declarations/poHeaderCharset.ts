import type { CharsetDeclaration } from './charsetDeclaration.js';

/**
 * The header entry (`msgid ""` directly followed by `msgstr`), whose string lines carry
 * `Content-Type: text/plain; charset=…\n`; gettext reads the file in that charset.
 */
const HEADER =
  /^msgid[ \t]+""[ \t]*\r?\nmsgstr[ \t]+((?:[ \t]*"(?:[^"\\\r\n]|\\.)*"[ \t]*(?:\r\n|\n|\r|$))+)/m;
const CHARSET = /Content-Type:[^"\\]*?charset=([A-Za-z0-9][A-Za-z0-9._:+-]*)/i;

export function poHeaderCharset(text: string): CharsetDeclaration | undefined {
  const header = HEADER.exec(text);
  const body = header?.[1];
  if (!header || body === undefined) return undefined;
  const bodyStart = header.index + header[0].length - body.length;
  const charset = CHARSET.exec(body);
  const label = charset?.[1];
  if (!charset || label === undefined) return undefined;
  const end = bodyStart + charset.index + charset[0].length;
  return { label, start: end - label.length, end };
}
