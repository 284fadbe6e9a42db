import { applyEdits } from '../formats/splice.js';
import { allDeclarations, type DeclarationKind } from './declarations/declarationKind.js';
import { declaresOtherThanUtf8 } from './encodingLabel.js';

/** How each kind spells UTF-8 by convention. */
const SPELLING: Readonly<Record<DeclarationKind, string>> = { html: 'utf-8', xml: 'UTF-8', po: 'UTF-8' };

/**
 * Makes the decoded text's own encoding declarations say UTF-8, the encoding it is written in: HTML meta
 * charsets, the XML declaration, the PO header's charset. Runs on the text before it is parsed, so the
 * formats keep the corrected declaration byte for byte; declarations that already say UTF-8 and labels that
 * name no encoding (a template's `charset=CHARSET`) are left as they are.
 */
export function declareUtf8(text: string, kind: DeclarationKind | undefined): string {
  if (!kind) return text;
  const edits = allDeclarations(kind, text)
    .filter((declaration) => declaresOtherThanUtf8(declaration.label))
    .map((declaration) => ({ start: declaration.start, end: declaration.end, text: SPELLING[kind] }));
  return edits.length === 0 ? text : applyEdits(text, edits);
}
