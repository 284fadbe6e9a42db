import * as tannin from '@tannin/plural-forms';

/**
 * WordPress's evaluator of C plural expressions (no `eval`). The package is CommonJS (`module.exports` is
 * the function) while its types declare an ES default export, so TypeScript and Node disagree on where the
 * function sits: under Node's interop it is the namespace's `default`.
 */
const compilePlural = tannin.default as unknown as (expression: string) => (n: number) => number;

export interface PluralRule {
  nplurals: number;
  /** The C expression that picks a form for `n`. */
  plural: string;
  /** The `Plural-Forms:` header value. */
  header: string;
}

const rule = (nplurals: number, plural: string): PluralRule => ({
  nplurals,
  plural,
  header: `nplurals=${nplurals}; plural=${plural};`,
});

const ONE = rule(1, '0');
const NOT_ONE = rule(2, '(n != 1)');
const ABOVE_ONE = rule(2, '(n > 1)');
const EAST_SLAVIC = rule(
  3,
  '(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)',
);
const WEST_SLAVIC = rule(3, '(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2');

/** What gettext itself assumes when a catalogue declares no rule: two forms, the first for exactly one. */
export const DEFAULT_PLURAL_RULE = NOT_ONE;

/** The rules gettext's own documentation gives for common languages (keyed by language or language_REGION). */
const RULES: Record<string, PluralRule> = {
  ja: ONE,
  ko: ONE,
  zh: ONE,
  vi: ONE,
  th: ONE,
  id: ONE,
  ms: ONE,
  en: NOT_ONE,
  de: NOT_ONE,
  nl: NOT_ONE,
  sv: NOT_ONE,
  da: NOT_ONE,
  nb: NOT_ONE,
  nn: NOT_ONE,
  no: NOT_ONE,
  fi: NOT_ONE,
  et: NOT_ONE,
  es: NOT_ONE,
  pt: NOT_ONE,
  it: NOT_ONE,
  ca: NOT_ONE,
  gl: NOT_ONE,
  eu: NOT_ONE,
  el: NOT_ONE,
  bg: NOT_ONE,
  hu: NOT_ONE,
  tr: NOT_ONE,
  he: NOT_ONE,
  af: NOT_ONE,
  fr: ABOVE_ONE,
  pt_br: ABOVE_ONE,
  ru: EAST_SLAVIC,
  uk: EAST_SLAVIC,
  be: EAST_SLAVIC,
  sr: EAST_SLAVIC,
  hr: EAST_SLAVIC,
  bs: EAST_SLAVIC,
  cs: WEST_SLAVIC,
  sk: WEST_SLAVIC,
  pl: rule(3, '(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)'),
  lt: rule(3, '(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2)'),
  lv: rule(3, '(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2)'),
  ro: rule(3, '(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2)'),
  ga: rule(3, 'n==1 ? 0 : n==2 ? 1 : 2'),
  sl: rule(4, '(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3)'),
  ar: rule(6, '(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)'),
};

/** BCP 47 `pt-BR` is gettext's `pt_BR`. */
export const poLanguage = (language: string): string => language.trim().replace(/-/g, '_');

/** The target's rule, most specific first (`pt_BR` before `pt`); undefined for languages not in the table. */
export function pluralRuleFor(language: string): PluralRule | undefined {
  const tag = poLanguage(language).toLowerCase();
  const base = tag.split('_')[0] ?? tag;
  return RULES[tag] ?? RULES[base];
}

/** Numbers the forms are sampled on: enough to see every residue the usual `n%10` / `n%100` rules test. */
const SAMPLE = Array.from({ length: 1001 }, (_, n) => n);
/** Only what a C plural expression may hold; the evaluator is permissive, so the text is checked first. */
const EXPRESSION = /^[\sn\d()?:<>=!&|%+*/-]+$/;

function balanced(expression: string): boolean {
  let depth = 0;
  for (const ch of expression) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Reads a `Plural-Forms:` value such as `nplurals=3; plural=(n==1 ? 0 : 2);`. Undefined unless nplurals is
 * a number and the expression gives a form below it for every sampled count: a template's
 * `nplurals=INTEGER; plural=EXPRESSION;` or a broken rule declares nothing usable.
 */
export function parsePluralForms(value: string | undefined): PluralRule | undefined {
  const nplurals = Number(/nplurals\s*=\s*(\d+)/.exec(value ?? '')?.[1]);
  const plural = /plural\s*=\s*([^;]+)/.exec(value ?? '')?.[1]?.trim();
  if (!(nplurals >= 1) || !plural || !EXPRESSION.test(plural) || !balanced(plural)) return undefined;
  let formOf: (n: number) => number;
  try {
    formOf = compilePlural(plural);
  } catch {
    return undefined;
  }
  const valid = SAMPLE.every((n) => {
    const form = formOf(n);
    return Number.isInteger(form) && form >= 0 && form < nplurals;
  });
  return valid ? rule(nplurals, plural) : undefined;
}

/**
 * For each form, the sampled counts that select it: what decides whether a form reads as the singular
 * (only for 1, or 1 and others that take the same grammar) or as the plural.
 */
export function countsPerForm(rule: PluralRule): number[][] {
  const formOf = compilePlural(rule.plural);
  const counts: number[][] = Array.from({ length: rule.nplurals }, () => []);
  for (const n of SAMPLE) counts[formOf(n)]?.push(n);
  return counts;
}
