/**
 * PO: GNU `msgfmt --check` (syntax, header, plural forms, and c-/python-/…-format consistency where flagged)
 * judges input and output; msgcat's canonical reading compares them entry by entry.
 */
import { basename } from 'node:path';
import { sumCoverage, unitCoverage, type Coverage } from '../coverage.js';
import { protectedDifference } from '../placeholders.js';
import { firstLines, runTool } from '../tools.js';
import { accepted, DEFAULT_TARGET, rejected, type Judge, type JudgeInput, type Verdict } from './judge.js';
import { headerFields, isHeader, isPending, poEntries, type PoEntry } from './poCatalog.js';

/** Header fields a translation tool is expected to set; every other field must keep its value. */
const TOOL_FIELDS = new Set(['language', 'plural-forms', 'content-type']);

async function msgfmt(bytes: Buffer, template: boolean): Promise<Verdict> {
  // A template's header is a placeholder by design (`nplurals=INTEGER`): its messages are checked, not its header.
  const checks = template ? ['--check-format', '--check-domain'] : ['--check'];
  const result = await runTool('msgfmt', [...checks, '-o', '/dev/null', '-'], bytes);
  return result.code === 0 ? accepted : rejected(`msgfmt: ${firstLines(result.stderr)}`);
}

/** `pt_BR` → `pt-BR`, `sr@latin` → `sr-Latn`: the language a user would ask for. */
function asTag(language: string): string {
  const [base = '', variant] = language.split('@');
  const tag = base.replace(/_/g, '-');
  return variant === 'latin' ? `${tag}-Latn` : variant === 'cyrillic' ? `${tag}-Cyrl` : tag;
}

const sameKey = (a: PoEntry, b: PoEntry): boolean =>
  a.obsolete === b.obsolete && a.context === b.context && a.id === b.id && a.plural === b.plural;

function compareHeader(source: PoEntry | undefined, output: PoEntry | undefined): string[] {
  const before = headerFields(source);
  const after = headerFields(output);
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((name) => !TOOL_FIELDS.has(name) && before.get(name) !== after.get(name))
    .map(
      (name) =>
        `header field ${name}: ${JSON.stringify(before.get(name))} → ${JSON.stringify(after.get(name))}`,
    );
}

function compareEntry(
  source: PoEntry,
  output: PoEntry,
  language: string,
): { damage: string[]; coverage: Coverage } {
  const where = `msgid ${JSON.stringify(source.id.slice(0, 60))}`;
  const damage: string[] = [];
  if (source.comments.join('\n') !== output.comments.join('\n')) damage.push(`${where}: comments changed`);
  if (!isPending(source)) {
    if (source.strs.join('\0') !== output.strs.join('\0'))
      damage.push(`${where}: existing translation changed`);
    if (source.flags.join(',') !== output.flags.join(',')) damage.push(`${where}: flags changed`);
    return { damage, coverage: { expected: 0, translated: 0 } };
  }
  const flags = source.flags.filter((f) => f !== 'fuzzy');
  if (flags.join(',') !== output.flags.filter((f) => f !== 'fuzzy').join(','))
    damage.push(`${where}: flags changed`);
  output.strs.forEach((str, n) => {
    const origins = n === 0 ? [source.id, source.plural] : [source.plural, source.id];
    const differences = origins.filter((o) => o !== undefined).map((o) => protectedDifference(o, str));
    if (differences.length > 0 && differences.every((d) => d !== undefined)) {
      damage.push(`${where}: msgstr[${n}] placeholders ${differences[0]}`);
    }
  });
  const coverage = [unitCoverage(source.id, output.strs[0] ?? '', language)];
  if (source.plural !== undefined)
    coverage.push(unitCoverage(source.plural, output.strs.at(-1) ?? '', language));
  return { damage, coverage: sumCoverage(coverage) };
}

const isTemplate = (input: JudgeInput): boolean => input.fileName.endsWith('.pot');

export const poJudge: Judge = {
  targetLanguage(input) {
    const declared = /^"Language: *([^\\"]*)/m.exec(input.text)?.[1]?.trim();
    if (declared) return asTag(declared);
    const name = basename(input.fileName).replace(/\.pot?$/, '');
    return /^[a-z]{2,3}(?:[_@][A-Za-z]+)*$/.test(name) ? asTag(name) : DEFAULT_TARGET;
  },
  validate: (input) => msgfmt(input.bytes, isTemplate(input)),
  withoutTranslationSlots: (text) =>
    text
      .replace(/^"(?:Language|Plural-Forms|Content-Type):.*"\r?\n/gm, '')
      .replace(/^(#~ )?msgstr(\[\d+\])? ".*"\r?\n(?:(?:#~ )?".*"\r?\n)*/gm, '$1msgstr$2\n')
      .replace(/^#,(.*)$/gm, (_, flags: string) => `#,${flags.replace(/\s*\bfuzzy\b,?/, '')}`)
      .replace(/^#,\s*\r?\n/gm, ''),
  async compare(input, output, language) {
    const valid = await msgfmt(Buffer.from(output, 'utf8'), false);
    const before = await poEntries(input.bytes);
    const after = await poEntries(Buffer.from(output, 'utf8'));
    if (typeof before === 'string')
      return {
        valid,
        damage: [`msgcat cannot read the source: ${before}`],
        coverage: { expected: 0, translated: 0 },
      };
    if (typeof after === 'string')
      return {
        valid,
        damage: [`msgcat cannot read the output: ${firstLines(after)}`],
        coverage: { expected: 0, translated: 0 },
      };
    const damage: string[] = [];
    if (before.length !== after.length) damage.push(`entries: ${before.length} → ${after.length}`);
    damage.push(...compareHeader(before.find(isHeader), after.find(isHeader)));
    const coverage: Coverage[] = [];
    for (let i = 0; i < Math.min(before.length, after.length); i++) {
      const source = before[i]!;
      const result = after[i]!;
      if (!sameKey(source, result)) {
        damage.push(
          `entry ${i + 1}: msgid/msgctxt changed (${JSON.stringify(source.id.slice(0, 40))} → ${JSON.stringify(result.id.slice(0, 40))})`,
        );
        break;
      }
      if (isHeader(source)) continue;
      const compared = compareEntry(source, result, language);
      damage.push(...compared.damage);
      coverage.push(compared.coverage);
    }
    return { valid, damage, coverage: sumCoverage(coverage) };
  },
};
