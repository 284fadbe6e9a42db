/** Apertium names languages by ISO 639-3 codes (eng, spa) and variants (eng_US); jobs use ISO 639-1 / BCP 47. */

/** ISO 639-1 → the ISO 639-3 codes Apertium names its language pairs with. */
// prettier-ignore
const APERTIUM_CODES: Readonly<Record<string, string>> = {
  af: 'afr', an: 'arg', ar: 'ara', be: 'bel', bg: 'bul', br: 'bre', ca: 'cat', cs: 'ces', cy: 'cym',
  da: 'dan', de: 'deu', el: 'ell', en: 'eng', eo: 'epo', es: 'spa', eu: 'eus', fr: 'fra', ga: 'gle',
  gl: 'glg', hi: 'hin', id: 'ind', is: 'isl', it: 'ita', kk: 'kaz', mk: 'mkd', ms: 'msa', mt: 'mlt',
  nb: 'nob', nl: 'nld', nn: 'nno', oc: 'oci', pl: 'pol', pt: 'por', ro: 'ron', ru: 'rus', sk: 'slk',
  sl: 'slv', sv: 'swe', tr: 'tur', tt: 'tat', uk: 'ukr', ur: 'urd',
};
const ISO_CODES = new Map(Object.entries(APERTIUM_CODES).map(([iso, apertium]) => [apertium, iso]));

/** Most specific first: `en-US` → eng_US (APy names variants so, e.g. spa-eng_US) then eng; `spa` → spa. */
export function apertiumCandidates(code: string): string[] {
  const [base = '', ...variant] = code.split(/[-_]/);
  const language = APERTIUM_CODES[base.toLowerCase()] ?? base.toLowerCase();
  return variant.length > 0 ? [`${language}_${variant.join('_')}`, language] : [language];
}

/** eng_US → en-US, spa → es; codes without an ISO 639-1 form stay as Apertium writes them. */
export function isoName(code: string): string {
  const [base = '', ...variant] = code.split('_');
  return [ISO_CODES.get(base) ?? base, ...variant].join('-');
}
