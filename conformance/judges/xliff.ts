/**
 * XLIFF: xmllint against the OASIS schema of the file's version (1.2 strict or 2.0) judges input and output;
 * @xmldom/xmldom trees compare them: everything outside targets unchanged, sources unchanged, existing
 * translations unchanged, and each new target carrying the source's inline codes and placeholders.
 */
import { sumCoverage, unitCoverage, type Coverage } from '../coverage.js';
import { protectedDifference } from '../placeholders.js';
import { firstLines, runTool } from '../tools.js';
import { accepted, DEFAULT_TARGET, firstDifference, rejected, type Judge, type Verdict } from './judge.js';
import { descendants, elements, parseXml, serialize, skeleton, textOf, type XmlNode } from './xmlDocument.js';
import { XLIFF_1_2_SCHEMA, XLIFF_2_0_SCHEMA } from './xliffSchemas.js';

const versionOf = (text: string): string | undefined =>
  /<xliff\b[^>]*\bversion\s*=\s*["']([^"']+)["']/.exec(text)?.[1];

async function xmllint(bytes: Buffer, text: string): Promise<Verdict> {
  const version = versionOf(text);
  const schema = version === '2.0' ? XLIFF_2_0_SCHEMA : version === '1.2' ? XLIFF_1_2_SCHEMA : undefined;
  if (!schema) return rejected(`no OASIS schema for XLIFF version ${version ?? '(none)'}`);
  const result = await runTool('xmllint', ['--noout', '--nonet', '--schema', schema, '-'], bytes);
  return result.code === 0
    ? accepted
    : rejected(`xmllint: ${firstLines(result.stderr.replace(/^-:/gm, 'line '))}`);
}

/** Attributes a translation tool sets: the target language and the state of what it translated. */
const TOOL_ATTRIBUTES = new Set(['target-language', 'trgLang', 'state', 'approved']);
/** Inline codes of both versions: they must come back in every translation. */
const INLINE = new Set([
  'g',
  'x',
  'bx',
  'ex',
  'ph',
  'bpt',
  'ept',
  'it',
  'mrk',
  'pc',
  'sc',
  'ec',
  'cp',
  'sm',
  'em',
]);

const inlineCodes = (node: XmlNode): string[] =>
  elements(node)
    .flatMap((child) => [
      ...(INLINE.has(child.local)
        ? [`${child.local}#${child.attributes.get('id') ?? child.attributes.get('mid') ?? ''}`]
        : []),
      ...inlineCodes(child),
    ])
    .sort();

const child = (node: XmlNode, local: string): XmlNode | undefined =>
  elements(node).find((c) => c.local === local);

interface Unit {
  where: string;
  node: XmlNode;
  translate: boolean;
  source?: XmlNode;
  target?: XmlNode;
  pending: boolean;
}

function unitsOf(root: XmlNode, version: string | undefined): Unit[] {
  if (version === '2.0') {
    return descendants(root, 'unit').flatMap(({ node, translate }) =>
      elements(node)
        .filter((c) => c.local === 'segment')
        .map((segment, i) => {
          const target = child(segment, 'target');
          const empty = !target || textOf(target).trim() === '';
          return {
            where: `unit ${node.attributes.get('id') ?? '?'} segment ${i + 1}`,
            node: segment,
            translate,
            source: child(segment, 'source'),
            target,
            pending: empty || segment.attributes.get('state') === 'initial',
          };
        }),
    );
  }
  return descendants(root, 'trans-unit').map(({ node, translate }) => {
    const target = child(node, 'target');
    const state = target?.attributes.get('state');
    const empty = !target || (textOf(target).trim() === '' && elements(target).length === 0);
    return {
      where: `trans-unit ${node.attributes.get('id') ?? '?'}`,
      node,
      translate,
      source: child(node, 'source'),
      target,
      pending: empty || state === 'new' || state === 'needs-translation',
    };
  });
}

function compareUnit(before: Unit, after: Unit, language: string): { damage: string[]; coverage: Coverage } {
  const damage: string[] = [];
  const none = { expected: 0, translated: 0 };
  if (!before.source || !after.source || serialize(before.source) !== serialize(after.source)) {
    return { damage: [`${before.where}: source changed`], coverage: none };
  }
  if (!before.translate || !before.pending) {
    const same =
      (before.target ? serialize(before.target) : '') === (after.target ? serialize(after.target) : '');
    return { damage: same ? [] : [`${before.where}: existing or protected target changed`], coverage: none };
  }
  if (!after.target) return { damage: [`${before.where}: no target written`], coverage: none };
  const codes = firstDifference(inlineCodes(before.source), inlineCodes(after.target));
  if (codes) damage.push(`${before.where}: inline codes differ ${codes}`);
  const sourceText = textOf(before.source);
  const targetText = textOf(after.target);
  const placeholders = protectedDifference(sourceText, targetText);
  if (placeholders) damage.push(`${before.where}: placeholders ${placeholders}`);
  return { damage, coverage: unitCoverage(sourceText, targetText, language) };
}

export const xliffJudge: Judge = {
  targetLanguage: (input) =>
    /\b(?:target-language|trgLang)\s*=\s*["']([^"']+)["']/.exec(input.text)?.[1] ?? DEFAULT_TARGET,
  validate: (input) => xmllint(input.bytes, input.text),
  withoutTranslationSlots: (text) =>
    text
      .replace(/\s(?:target-language|trgLang|state)\s*=\s*("[^"]*"|'[^']*')/g, '')
      .replace(/\s*<target\b[^>]*\/>|\s*<target\b[^>]*>[\s\S]*?<\/target>/g, ''),
  async compare(input, output, language) {
    const valid = await xmllint(Buffer.from(output, 'utf8'), output);
    const before = parseXml(input.text);
    const after = parseXml(output);
    const none = { expected: 0, translated: 0 };
    if (typeof before === 'string')
      return { valid, damage: [`source not readable: ${before}`], coverage: none };
    if (typeof after === 'string')
      return { valid, damage: [`output not well-formed: ${after}`], coverage: none };
    const isTarget = (n: XmlNode) => n.local === 'target';
    const outside = firstDifference(
      skeleton(before, isTarget, TOOL_ATTRIBUTES),
      skeleton(after, isTarget, TOOL_ATTRIBUTES),
    );
    const damage = outside ? [`markup outside targets changed ${outside}`] : [];
    const version = versionOf(input.text);
    const units = unitsOf(before, version);
    const translated = unitsOf(after, version);
    if (units.length !== translated.length) damage.push(`units: ${units.length} → ${translated.length}`);
    const coverage: Coverage[] = [];
    units.forEach((unit, i) => {
      const other = translated[i];
      if (!other) return;
      const compared = compareUnit(unit, other, language);
      damage.push(...compared.damage);
      coverage.push(compared.coverage);
    });
    return { valid, damage, coverage: sumCoverage(coverage) };
  },
};
