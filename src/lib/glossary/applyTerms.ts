import type { Piece, SegmentPieces } from '../translation/translator.js';

/** Terms for one target language: glossary entries (term → translation) and terms to keep verbatim. */
export interface TermRules {
  glossary: ReadonlyMap<string, string>;
  noTranslate: readonly string[];
}

export const NO_TERMS: TermRules = { glossary: new Map(), noTranslate: [] };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One pattern for all terms, longest first so "Blob Storage" wins over "Blob". Matches are case-sensitive
 * and whole-word (no letter, digit or underscore on either side), which is how users expect a glossary
 * to apply: "Azure" must not fire inside "Azurite".
 */
function termPattern(terms: readonly string[]): RegExp | undefined {
  if (terms.length === 0) return undefined;
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
}

/** Compiles the rules once per (job, language); `apply` then runs per segment. */
export function compileTerms(rules: TermRules): (pieces: SegmentPieces) => SegmentPieces {
  const keep = new Set(rules.noTranslate);
  const pattern = termPattern([...new Set([...rules.glossary.keys(), ...keep])]);
  if (!pattern) return (pieces) => pieces;
  return (pieces) =>
    pieces.flatMap((piece): Piece[] => {
      if (piece.kind !== 'text') return [piece];
      const out: Piece[] = [];
      let last = 0;
      for (const match of piece.text.matchAll(pattern)) {
        const term = match[0];
        if (match.index > last) out.push({ kind: 'text', text: piece.text.slice(last, match.index) });
        // A term in both lists is kept verbatim: not translating is the safer reading of a conflict.
        const translation = keep.has(term) ? undefined : rules.glossary.get(term);
        out.push(
          translation === undefined
            ? { kind: 'keep', text: term }
            : { kind: 'term', text: term, translation },
        );
        last = match.index + term.length;
      }
      if (last === 0) return [piece];
      if (last < piece.text.length) out.push({ kind: 'text', text: piece.text.slice(last) });
      return out;
    });
}
