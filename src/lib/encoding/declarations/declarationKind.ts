import type { CharsetDeclaration } from './charsetDeclaration.js';
import { htmlMetaCharset, htmlMetaCharsets } from './htmlMetaCharset.js';
import { poHeaderCharset } from './poHeaderCharset.js';
import { xmlEncodingDeclaration } from './xmlEncodingDeclaration.js';

/** The ways a text format can declare its own encoding. */
export type DeclarationKind = 'html' | 'xml' | 'po';

const BY_FORMAT: Readonly<Record<string, DeclarationKind>> = { html: 'html', xliff: 'xml', gettext: 'po' };

/** How files of a format (by `TextFormat.id`) declare their encoding, if they can. */
export const declarationKindFor = (formatId: string): DeclarationKind | undefined => BY_FORMAT[formatId];

const asList = (declaration: CharsetDeclaration | undefined): CharsetDeclaration[] =>
  declaration ? [declaration] : [];

/** The declaration readers honour: the first meta charset in the first 1024 bytes, the XML or PO header's. */
export function honouredDeclaration(kind: DeclarationKind, text: string): CharsetDeclaration | undefined {
  if (kind === 'html') return htmlMetaCharset(text);
  return kind === 'xml' ? xmlEncodingDeclaration(text) : poHeaderCharset(text);
}

/** Every declaration a written file must keep true: HTML parsers also act on later meta charsets. */
export function allDeclarations(kind: DeclarationKind, text: string): CharsetDeclaration[] {
  if (kind === 'html') return htmlMetaCharsets(text);
  return asList(kind === 'xml' ? xmlEncodingDeclaration(text) : poHeaderCharset(text));
}
