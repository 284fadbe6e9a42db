/**
 * i18n JSON: `JSON.parse` judges input and output; the trees must have the same keys in the same order and
 * the same non-string values; metadata (`$`/`@` keys) stays as it was; every string the ICU MessageFormat
 * parser (@formatjs) reads in the source must still parse, with the same arguments, plural/select options and
 * tags; placeholders of the suite's catalogue must survive.
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { sumCoverage, unitCoverage, type Coverage } from '../coverage.js';
import { protectedDifference } from '../placeholders.js';
import { accepted, DEFAULT_TARGET, rejected, type Judge } from './judge.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Message {
  /** Arguments, options and tags, literal text left out. */
  shape: string;
  /** The literal text, the human part. */
  text: string;
}

function shapeOf(elements: readonly MessageFormatElement[], texts: string[]): string {
  return (
    elements
      .map((e): string => {
        switch (e.type) {
          case TYPE.literal:
            texts.push(e.value);
            return '';
          case TYPE.pound:
            return '#';
          case TYPE.tag:
            return `<${e.value}>${shapeOf(e.children, texts)}</${e.value}>`;
          case TYPE.plural:
          case TYPE.select: {
            const options = Object.entries(e.options).map(([k, o]) => `${k}{${shapeOf(o.value, texts)}}`);
            return `{${e.value},${e.type === TYPE.plural ? `plural,${e.offset}` : 'select'},${options.join('')}}`;
          }
          default:
            return `{${e.value},${e.type}${'style' in e && typeof e.style === 'string' ? `,${e.style}` : ''}}`;
        }
      })
      .filter((shape) => shape !== '')
      // A translation may reorder arguments and tags (word order): the shape is their multiset per level.
      .sort()
      .join('')
  );
}

function message(text: string): Message | undefined {
  try {
    const texts: string[] = [];
    const shape = shapeOf(parse(text, { ignoreTag: false, requiresOtherClause: false }), texts);
    return { shape, text: texts.join(' ') };
  } catch {
    return undefined;
  }
}

interface Findings {
  invalid: string[];
  damage: string[];
  coverage: Coverage[];
}

function compareValues(
  before: Json,
  after: Json,
  path: string,
  metadata: boolean,
  language: string,
  found: Findings,
): void {
  const kind = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(before) !== kind(after)) {
    found.damage.push(`${path}: ${kind(before)} became ${kind(after)}`);
    return;
  }
  if (typeof before === 'string' && typeof after === 'string') {
    if (metadata) {
      if (before !== after) found.damage.push(`${path}: metadata changed`);
      return;
    }
    const placeholders = protectedDifference(before, after);
    if (placeholders) found.damage.push(`${path}: placeholders ${placeholders}`);
    const source = message(before);
    if (source) {
      const output = message(after);
      if (!output) found.invalid.push(`${path}: the ICU message no longer parses`);
      else if (output.shape !== source.shape)
        found.damage.push(`${path}: ICU structure ${source.shape} → ${output.shape}`);
      found.coverage.push(unitCoverage(source.text, output?.text ?? after, language));
    } else {
      found.coverage.push(unitCoverage(before, after, language));
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length)
      found.damage.push(`${path}: ${before.length} items → ${after.length}`);
    before.forEach((item, i) => {
      if (i < after.length) compareValues(item, after[i]!, `${path}[${i}]`, metadata, language, found);
    });
    return;
  }
  if (
    before &&
    after &&
    typeof before === 'object' &&
    typeof after === 'object' &&
    !Array.isArray(before) &&
    !Array.isArray(after)
  ) {
    const keys = Object.keys(before);
    if (keys.join('\0') !== Object.keys(after).join('\0')) found.damage.push(`${path}: keys changed`);
    for (const key of keys) {
      if (key in after) {
        compareValues(
          before[key]!,
          after[key]!,
          `${path}.${key}`,
          metadata || /^[$@]/.test(key),
          language,
          found,
        );
      }
    }
    return;
  }
  if (before !== after) found.damage.push(`${path}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
}

const parseJson = (text: string): Json | Error => {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (error) {
    return error as Error;
  }
};

export const jsonJudge: Judge = {
  targetLanguage: () => DEFAULT_TARGET,
  validate(input) {
    const parsed = parseJson(input.text);
    return Promise.resolve(parsed instanceof Error ? rejected(`JSON.parse: ${parsed.message}`) : accepted);
  },
  compare(input, output, language) {
    const before = parseJson(input.text);
    const after = parseJson(output);
    if (before instanceof Error || after instanceof Error) {
      const reason = after instanceof Error ? after.message : 'source unreadable';
      return Promise.resolve({
        valid: rejected(`JSON.parse: ${reason}`),
        damage: [],
        coverage: { expected: 0, translated: 0 },
      });
    }
    const found: Findings = { invalid: [], damage: [], coverage: [] };
    compareValues(before, after, '$', false, language, found);
    return Promise.resolve({
      valid: found.invalid.length === 0 ? accepted : rejected(found.invalid.slice(0, 3).join('; ')),
      damage: found.damage,
      coverage: sumCoverage(found.coverage),
    });
  },
};
