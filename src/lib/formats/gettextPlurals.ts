export interface PluralRule {
  nplurals: number;
  /** The `Plural-Forms:` header value. */
  header: string;
}

const rule = (nplurals: number, plural: string): PluralRule => ({
  nplurals,
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
