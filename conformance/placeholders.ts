/**
 * The suite's own catalogue of what must survive translation verbatim, written from the conventions' documents
 * (printf, Python, ICU/.NET, Mustache/Twig/i18next, Symfony, Laravel, Drupal, shell, MediaWiki, HTML), not from
 * the product's code. Matches are compared as multisets, source against translation, per unit.
 */
export type ProtectedKind =
  | 'url'
  | 'email'
  | 'command-option'
  | 'html-tag'
  | 'entity'
  | 'double-brace'
  | 'double-bracket'
  | 'python-named'
  | 'printf-macro'
  | 'percent-name'
  | 'printf'
  | 'brace'
  | 'ass-override'
  | 'dollar'
  | 'colon-name'
  | 'at-name';

const HTML_ELEMENTS = [
  'a abbr address area article aside audio b bdi bdo blockquote body br button canvas caption cite code col',
  'colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer',
  'form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main map mark',
  'meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp',
  'script section select small source span strike strong style sub summary sup table tbody td template',
  'textarea tfoot th thead time title tr track tt u ul var video wbr',
]
  .join(' ')
  .split(' ')
  .join('|');

/** Longest conventions first: `{{ x }}` before `{x}`, `%(name)s` before `%s`, URLs before `:name`. */
const PATTERNS: readonly [ProtectedKind, string][] = [
  [
    'url',
    String.raw`\b(?:https?|ftp|file)://[^\s<>"'\])}]*[^\s<>"'\])}.,;:!?]|\bwww\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>"')\]}]*[^\s<>"')\]}.,;:!?])?`,
  ],
  ['email', String.raw`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b`],
  // Command-line options as getopt reads them (POSIX utility syntax, GNU long options): `--no-clobber`, `-V`,
  // `-nv`. A help text or message that names one has to keep it: a translated option is one the program lacks.
  // An option starts the text or follows a space, quote, `/`, `|`, `,` or a bracket that itself starts a word:
  // `e-mail`, `ABŞ-a`, `acessá-la`, `ženklų(-o)` are words, and `--` needs a letter (`foo -- bar` is a dash).
  [
    'command-option',
    String.raw`(?<=^|[\s"'\x60«“‘/|,]|(?:^|\s)[(\[{])(?:--[A-Za-z][A-Za-z\d]*(?:-[A-Za-z\d]+)*|-[A-Za-z]{1,2}(?![\w\u00C0-\uFFFF-]))`,
  ],
  // An HTML element by name, or any tag with attributes; `<commit>` in a usage line is a word, not markup.
  ['html-tag', String.raw`</?(?:${HTML_ELEMENTS})\b(?:\s+[^<>]*?)?/?>|<[A-Za-z][\w:-]*\s+[\w:-]+\s*=[^<>]*>`],
  ['entity', String.raw`&(?:#\d+|#x[\dA-Fa-f]+|[A-Za-z][\w]*);`],
  ['double-brace', String.raw`\{\{-?\s*[^{}]+?\s*-?\}\}`],
  ['double-bracket', String.raw`\[\[[^[\]]+\]\]`],
  ['python-named', String.raw`%\([^()]+\)[-+ #0]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]`],
  ['printf-macro', String.raw`%(?:\d+\$)?[-+#0']*(?:\d+)?(?:\.\d+)?<PRI\w+>`],
  ['percent-name', String.raw`(?<![\w%])%[A-Za-z_][\w.-]*%(?![\w%])`],
  [
    'printf',
    String.raw`%(?:\d+\$)?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGaAcCsSpnr%@]`,
  ],
  // No hyphens: `{script-only-if-no-other-script}` is a usage metavariable, which GNU translators translate.
  ['brace', String.raw`\{[\w.:!#\[\]<>,]*\}`],
  ['ass-override', String.raw`\{\\[^{}]*\}`],
  ['dollar', String.raw`\$\{[^{}]+\}|\$[A-Za-z_]\w*`],
  // Not a word between colons (`[:space:]`, `:include:`, `NAME[:TYPE:VALUE]`): delimiter pairs, not Laravel.
  ['colon-name', String.raw`(?<![\w:/\\]):[A-Za-z_]\w*(?![\w:])`],
  ['at-name', String.raw`(?<![\w.@])@[A-Za-z_]\w*`],
];

const compile = (kinds: readonly ProtectedKind[]): RegExp =>
  new RegExp(
    PATTERNS.filter(([kind]) => kinds.includes(kind))
      .map(([, source]) => `(?:${source})`)
      .join('|'),
    'g',
  );

export const MESSAGE_KINDS: readonly ProtectedKind[] = PATTERNS.map(([kind]) => kind);
/** In prose (Markdown, HTML text) only addresses are protected by convention; code and markup are judged by tree. */
export const PROSE_KINDS: readonly ProtectedKind[] = ['url', 'email'];

const cache = new Map<readonly ProtectedKind[], RegExp>();
const patternFor = (kinds: readonly ProtectedKind[]): RegExp => {
  let pattern = cache.get(kinds);
  if (!pattern) cache.set(kinds, (pattern = compile(kinds)));
  return pattern;
};

export const protectedIn = (text: string, kinds: readonly ProtectedKind[] = MESSAGE_KINDS): string[] =>
  text.match(patternFor(kinds)) ?? [];

/** The text with protected matches removed: what is left is the human text coverage is measured on. */
export const withoutProtected = (text: string, kinds: readonly ProtectedKind[] = MESSAGE_KINDS): string =>
  text.replace(patternFor(kinds), ' ');

const whole = PATTERNS.map(([kind, source]) => [kind, new RegExp(`^(?:${source})$`)] as const);

/** Which convention a match belongs to, for messages that group failures by kind. */
export const kindOf = (match: string): ProtectedKind | 'other' =>
  whole.find(([, pattern]) => pattern.test(match))?.[0] ?? 'other';

/** What `output` lost and gained relative to `source`, as multisets; undefined when they match. */
export function protectedDifference(
  source: string,
  output: string,
  kinds: readonly ProtectedKind[] = MESSAGE_KINDS,
): string | undefined {
  const counts = new Map<string, number>();
  for (const m of protectedIn(source, kinds)) counts.set(m, (counts.get(m) ?? 0) + 1);
  for (const m of protectedIn(output, kinds)) counts.set(m, (counts.get(m) ?? 0) - 1);
  const lost = [...counts].filter(([, n]) => n > 0).map(([m]) => m);
  const gained = [...counts].filter(([, n]) => n < 0).map(([m]) => m);
  if (lost.length === 0 && gained.length === 0) return undefined;
  const show = (list: string[]) =>
    list
      .slice(0, 4)
      .map((m) => `${kindOf(m)} ${JSON.stringify(m)}`)
      .join(', ');
  return [lost.length ? `lost ${show(lost)}` : '', gained.length ? `gained ${show(gained)}` : '']
    .filter(Boolean)
    .join('; ');
}
