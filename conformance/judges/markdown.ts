/**
 * Markdown: two independent CommonMark parsers, markdown-it (with GFM tables and strikethrough) and
 * commonmark.js, each reduce source and output to a skeleton (node types and nesting, list and heading
 * markup, link and image destinations, code and HTML contents; text as a marker). The skeletons must match;
 * code, URLs and e-mail addresses must survive; text runs measure coverage.
 */
import { sumCoverage, unitCoverage } from '../coverage.js';
import { PROSE_KINDS, protectedDifference } from '../placeholders.js';
import { accepted, DEFAULT_TARGET, firstDifference, rejected, type Judge } from './judge.js';
import { commonmarkReading, markdownItReading, type MarkdownReading } from './markdownSkeletons.js';

function read(text: string): { readings: [MarkdownReading, MarkdownReading]; texts: string } {
  const first = markdownItReading(text);
  return { readings: [first, commonmarkReading(text)], texts: first.texts.join('\n') };
}

export const markdownJudge: Judge = {
  targetLanguage: () => DEFAULT_TARGET,
  // Every text is a CommonMark document: the parsers reject nothing, so each input is accepted.
  validate: () => Promise.resolve(accepted),
  compare(input, output, language) {
    const before = read(input.text);
    const after = read(output);
    const differences: string[] = [];
    const damage: string[] = [];
    (['markdown-it', 'commonmark.js'] as const).forEach((name, i) => {
      const structure = firstDifference(before.readings[i]!.structure, after.readings[i]!.structure);
      if (structure) differences.push(`${name} structure differs ${structure}`);
      const literals = firstDifference(before.readings[i]!.literals, after.readings[i]!.literals);
      if (literals) damage.push(`${name}: code, HTML or destination changed ${literals}`);
    });
    const addresses = protectedDifference(before.texts, after.texts, PROSE_KINDS);
    if (addresses) damage.push(`URLs or e-mail addresses in text: ${addresses}`);
    return Promise.resolve({
      valid: differences.length === 0 ? accepted : rejected(differences.join('; ')),
      damage,
      coverage: sumCoverage([unitCoverage(before.texts, after.texts, language, PROSE_KINDS)]),
    });
  },
};
