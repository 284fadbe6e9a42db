/**
 * HTML: htmlparser2 (the product reads HTML with parse5) turns source and output into element trees: tag
 * names and nesting must match; attributes other than the translatable ones, and the contents of script,
 * style, code, pre, textarea and `translate="no"`/`notranslate` elements, comments and doctypes must be
 * unchanged; text runs measure coverage.
 */
import { Parser } from 'htmlparser2';
import { sumCoverage, unitCoverage } from '../coverage.js';
import { PROSE_KINDS, protectedDifference } from '../placeholders.js';
import { accepted, DEFAULT_TARGET, firstDifference, rejected, type Judge } from './judge.js';

/** Attributes holding human text (WCAG/HTML: alternative text, advisory titles, labels, hints). */
const TEXT_ATTRIBUTES = new Set(['alt', 'title', 'placeholder', 'aria-label', 'aria-description', 'label']);
const LITERAL_ELEMENTS = new Set(['script', 'style', 'code', 'pre', 'textarea']);
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

function isTextAttribute(tag: string, name: string, attributes: Record<string, string>): boolean {
  if (TEXT_ATTRIBUTES.has(name)) return true;
  if (tag === 'html' && (name === 'lang' || name === 'dir' || name === 'xml:lang')) return true;
  if (name === 'value')
    return tag === 'button' || (tag === 'input' && /^(button|submit|reset)$/i.test(attributes.type ?? ''));
  if (tag === 'meta' && name === 'content') {
    const kind = (attributes.name ?? attributes.property ?? '').toLowerCase();
    return /^(description|keywords|(og|twitter):(title|description|image:alt|site_name))$/.test(kind);
  }
  return false;
}

interface Reading {
  structure: string[];
  literals: string[];
  texts: string[];
  /** The charsets the document's meta elements declare. */
  charsets: string[];
}

/** The charset a meta element declares (`<meta charset>` or an http-equiv Content-Type), if any. */
function declaredCharset(tag: string, attributes: Record<string, string>): string | undefined {
  if (tag !== 'meta') return undefined;
  if (attributes.charset !== undefined) return attributes.charset.trim().toLowerCase();
  if ((attributes['http-equiv'] ?? '').toLowerCase() !== 'content-type') return undefined;
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(attributes.content ?? '')?.[1]?.toLowerCase();
}

function read(text: string): Reading {
  const reading: Reading = { structure: [], literals: [], texts: [], charsets: [] };
  /** Open elements, with whether their content is literal. */
  const stack: { name: string; literal: boolean }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const literal =
          (stack.at(-1)?.literal ?? false) ||
          LITERAL_ELEMENTS.has(name) ||
          attributes.translate === 'no' ||
          /(^|\s)notranslate(\s|$)/.test(attributes.class ?? '');
        const kept = Object.entries(attributes).filter(
          ([k]) => literal || !isTextAttribute(name, k, attributes),
        );
        for (const [k, v] of Object.entries(attributes)) {
          if (!literal && isTextAttribute(name, k, attributes) && !(name === 'html')) reading.texts.push(v);
        }
        reading.structure.push(`<${name}>`);
        // An output is UTF-8 whatever its source's charset was: the label is checked apart (see compare).
        const charset = declaredCharset(name, attributes);
        if (charset !== undefined) reading.charsets.push(charset);
        const shown = kept.map(([k, v]): [string, string] => [
          k,
          charset === undefined
            ? v
            : v
                .replace(/(charset\s*=\s*["']?)[\w.:-]+/i, '$1*')
                .replace(/^[\w.:-]+$/, k === 'charset' ? '*' : v),
        ]);
        reading.literals.push(`<${name}${shown.map(([k, v]) => ` ${k}="${v}"`).join('')}>`);
        if (!VOID.has(name)) stack.push({ name, literal });
      },
      onclosetag(name, implied) {
        if (VOID.has(name)) return;
        stack.pop();
        reading.structure.push(`</${name}>${implied ? '(implied)' : ''}`);
      },
      ontext(data) {
        if (stack.at(-1)?.literal) {
          reading.literals.push(`text: ${data}`);
          return;
        }
        if (data.trim() === '') return;
        // Where text sits between elements is the translation's choice (word order, the pseudo marker): not structure.
        reading.texts.push(data);
      },
      oncomment: (data) => void reading.literals.push(`<!--${data}-->`),
      onprocessinginstruction: (_name, data) => void reading.literals.push(`<${data}>`),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(text);
  parser.end();
  // Adjacent literal text chunks depend on how the parser was fed: join them.
  reading.literals = reading.literals.reduce<string[]>((list, item) => {
    const last = list.at(-1);
    if (last?.startsWith('text: ') && item.startsWith('text: ')) list[list.length - 1] = last + item.slice(6);
    else list.push(item);
    return list;
  }, []);
  return reading;
}

export const htmlJudge: Judge = {
  targetLanguage: () => DEFAULT_TARGET,
  // HTML parsing recovers from every error by specification: htmlparser2 reads any text, so inputs are accepted.
  validate: () => Promise.resolve(accepted),
  withoutTranslationSlots: (text) => text.replace(/<html\b[^>]*>/i, '<html>'),
  compare(input, output, language) {
    const before = read(input.text);
    const after = read(output);
    const structure = firstDifference(before.structure, after.structure);
    const damage: string[] = [];
    const literals = firstDifference(before.literals, after.literals);
    if (literals) damage.push(`markup, attribute or code changed ${literals}`);
    const foreign = after.charsets.filter((charset) => charset !== 'utf-8' && charset !== 'utf8');
    if (foreign.length > 0) damage.push(`a UTF-8 output declares charset ${foreign.join(', ')}`);
    const addresses = protectedDifference(before.texts.join('\n'), after.texts.join('\n'), PROSE_KINDS);
    if (addresses) damage.push(`URLs or e-mail addresses in text: ${addresses}`);
    return Promise.resolve({
      valid: structure ? rejected(`element tree differs ${structure}`) : accepted,
      damage,
      coverage: sumCoverage([
        unitCoverage(before.texts.join('\n'), after.texts.join('\n'), language, PROSE_KINDS),
      ]),
    });
  },
};
