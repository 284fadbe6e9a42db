import type { Piece } from '../translation/translator.js';
import { pushPiece } from './pieceMatching.js';

/**
 * The catalogue of placeholder conventions every i18n format protects: what a program or template engine
 * substitutes at run time, so a translation must carry it verbatim. Formats choose conventions by name
 * (gettext by an entry's `#, X-format` flags, see gettextFlags.ts); text whose conventions are unknown gets
 * `CONSERVATIVE`. The grammars of the printf family follow GNU gettext's format-*.c definitions (what
 * `msgfmt --check` verifies); the others follow each engine's documentation.
 *
 * Matching is leftmost-longest across the chosen conventions, so their order does not matter and a longer
 * reading wins where two overlap (`%1$s` over `%1`, `$NAME$` over `$NAME`, `{{ x }}` over `{{`).
 *
 * Rules that keep prose out (they only apply where a convention is otherwise ambiguous):
 * - the conservative printf takes no space flag: "100% of" and "50% sure" are prose, not `% o` / `% s`;
 * - `:name`, `@name` and `!name` start a word (after the start, whitespace or an opening bracket or quote),
 *   so "10:30", "note:this" and "user@host" are text;
 * - `$name` must not follow a word character, `$` or a backslash, and `$5` is a price, not a variable;
 * - `%name%` must not be followed by another `%`, so `%d%%` stays a number directive and a literal percent;
 * - `{...}` needs an identifier or number right after the brace, so "{see below}" is prose.
 */

const IDENT = String.raw`[A-Za-z_]\w*`;
const WORD_START = String.raw`(?<=^|[\s(\[{"'“‘«])`;
/** ISO C 99 <inttypes.h> macros as gettext writes them inside a directive: `%<PRIu64>`. */
const INTTYPES = String.raw`<PRI[diouxX](?:8|16|32|64|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64)|MAX|PTR)>`;
const ARG = String.raw`(?:\*(?:[1-9]\d*\$)?|\d+)`;
const printf = (flags: string, conversions: string, sizes = 'hh|h|ll|l|L|q|j|z|t'): string =>
  String.raw`%(?:[1-9]\d*\$)?[${flags}]*${ARG}?(?:\.${ARG}?)?(?:(?:${sizes})?[${conversions}]|${INTTYPES})`;

const CONVENTION_SOURCES = {
  /** C and POSIX printf as gettext's c-format: `%s`, `%1$d`, `%-*.*lf`, `%zu`, `%<PRIu64>`, `%%`, `%m`. */
  c: printf(String.raw`-+ #0'I`, 'diouxXeEfFgGaAcCsSpnm%'),
  /** Objective-C adds `%@` to C. */
  objc: printf(String.raw`-+ #0'I`, 'diouxXeEfFgGaAcCsSpnm@%'),
  /** Python `%` formatting: `%s`, `%r`, `%a`, `%(name)s`, `%(name)r`, `%5.2f`, `%%`. */
  python: String.raw`%(?:\([^()]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]`,
  /** PEP 3101 `str.format`: `{}`, `{0}`, `{name}`, `{user.name}`, `{items[0]}`, `{0!r:>10}`, `{{`, `}}`. */
  'python-brace': String.raw`\{\{|\}\}|\{(?:${IDENT}|\d+)?(?:\.${IDENT}|\[[^\][{}]*\])*(?:![rsa])?(?::[^{}]*(?:\{[^{}]*\}[^{}]*)*)?\}`,
  /** Shell, as envsubst and gettext's sh-format: `$name`, `${name}`. */
  sh: String.raw`(?<![\w$\\])\$(?:${IDENT}|\{${IDENT}\})`,
  /** PHP sprintf: `%s`, `%1$s`, `%'*10d`, `%05.2f`, `%b`, `%%`. */
  php: String.raw`%(?:[1-9]\d*\$)?(?:[-+ 0]|'.)*\d*(?:\.\d+)?l?[bcdeEfFgGosuxX%]`,
  /** Perl sprintf, vector flag included: `%s`, `%vd`, `%2$s`, `%*v02x`. */
  perl: String.raw`%(?:[1-9]\d*\$)?[-+ #0]*(?:\*?v|\*[1-9]\d*\$v)?${ARG}?(?:\.${ARG}?)?(?:hh|h|ll|l|L|q|V|I32|I64|I)?[csdiDuUboOxXeEfFgGpn_%]`,
  /** Perl brace (libintl-perl `__x`): `{name}`. */
  'perl-brace': String.raw`\{${IDENT}\}`,
  /** JavaScript sprintf as gettext's javascript-format: `%s`, `%1$d`, `%j`, `%%`. */
  javascript: String.raw`%(?:[1-9]\d*\$)?[-0 I]*\d*(?:\.\d+)?[sbcdouxXfj%]`,
  /** Ruby: `%{name}`, `%<name>d`, plus printf. */
  ruby: String.raw`%\{${IDENT}\}|%<${IDENT}>[-+ #0]*\d*(?:\.\d+)?[bBdiouxXeEfgGaAcsp]|${printf('-+ #0', 'bBdiouxXeEfgGaAcsp%')}`,
  /** Numbered markers of Qt, KDE, Smalltalk and YaST: `%1` … `%99`, Qt's localised `%L1`. */
  numbered: String.raw`%L?\d{1,2}(?!\d)`,
  /** Qt plural forms: `%n`, `%Ln`. */
  'qt-plural': String.raw`%L?n`,
  /** boost::format: `%1%`, `%|1$+5|`, plus printf. */
  boost: String.raw`%\d+%|%\|[^|%]*\||${printf('-+ #0', 'diouxXeEfFgGaAcsSp%')}`,
  /** .NET composite formatting: `{0}`, `{0,-10}`, `{0:N2}`, `{{`, `}}`. */
  csharp: String.raw`\{\{|\}\}|\{\d+(?:\s*,\s*-?\d+)?(?::[^{}]*)?\}`,
  /** Java MessageFormat: `{0}`, `{0,number,integer}`, `{1,choice,0#none|1#one}`. */
  java: String.raw`\{\d+(?:\s*,[^{}]*(?:\{[^{}]*\}[^{}]*)*)?\}`,
  /** Java `String.format`: `%s`, `%1$tY`, `%,d`, `%n`. */
  'java-printf': String.raw`%(?:\d+\$|<)?[-#+ 0,(]*\d*(?:\.\d+)?(?:[tT][a-zA-Z]|[a-zA-Z%])`,
  /** Lua, Tcl, awk, Emacs Lisp, librep: printf without length modifiers (`%q` in Lua). */
  'printf-simple': printf('-+ #0', 'diouxXeEfFgGcsqaA%', 'h|l'),
  /** Object Pascal Format: `%s`, `%0:s`, `%*:d`, `%.2f`. */
  'object-pascal': String.raw`%(?:\*:|\d+:)?-?(?:\*|\d+)?(?:\.(?:\*|\d+))?[dDeEfFgGmMnNpPsSuUxX%]`,
  /** Common Lisp and Scheme `format` directives: `~a`, `~D`, `~5,'0d`, `~%`, `~:[`. */
  lisp: String.raw`~(?:\d+|'.|[vV#])?(?:,(?:\d+|'.|[vV#])?)*[:@]*[A-Za-z%&|~*?^()[\]{}<>;/]`,
  /** GCC diagnostics: `%qs`, `%<`, `%>`, `%'`, `%wd`, `%qE`. */
  'gcc-internal': String.raw`%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[qwlhzt+#]*[a-zA-Z<>'%]`,

  /** The printf family as unflagged text uses it: C, Python `%(name)s` / `%r`, `%@`, `%<PRIu64>`, no space flag. */
  printf: String.raw`%(?:[1-9]\d*\$|\([\w.-]+\))?[-+#0']*${ARG}?(?:\.${ARG}?)?(?:(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcCsSpnr@%]|${INTTYPES})`,
  /** Single-brace arguments of ICU, i18next v1, Python, .NET, Java: `{0}`, `{name}`, `{count, number}`. */
  brace: String.raw`\{\}|\{(?:[A-Za-z_$][\w$.-]*|\d+)(?:\[[^\][{}]*\])*(?:\s*[,:!][^{}]*(?:\{[^{}]*\}[^{}]*)*)?\}`,
  /** Mustache, Handlebars, i18next, Angular, Twig, Vue: `{{name}}`, `{{ limit }}`, `{{{raw}}}`, `{{- x }}`. */
  'double-brace': String.raw`\{\{\{[^{}]*\}\}\}|\{\{[^{}]*\}\}`,
  /** Symfony and Rails-style percent-delimited names: `%count%`, `%user_name%`. */
  'percent-name': String.raw`%${IDENT}(?:[.-]\w+)*%(?!%)`,
  /** Ruby, Rails i18n-js and Polyglot named arguments: `%{count}`, `%<count>d`. */
  'ruby-named': String.raw`%\{${IDENT}\}|%<${IDENT}>[-+#0]*\d*(?:\.\d+)?[bBdiouxXeEfgGaAcsp]`,
  /** boost::format ordinals: `%1%`. */
  'boost-ordinal': String.raw`%\d+%`,
  /** Shell and JavaScript template variables: `$name`, `${name}`, `${user.name}`. */
  dollar: String.raw`(?<![\w$\\])\$(?:${IDENT}|\{${IDENT}(?:\.${IDENT})*\})`,
  /** Chrome extension messages: `$COUNT$`. */
  'chrome-dollar': String.raw`\$${IDENT}(?:@\w*)?\$`,
  /** i18next nesting `$t(key)` and vue-i18n linked messages `@:key`, `@.lower:key`, `@:(key)`. */
  'message-reference': String.raw`\$t\([^()]*\)|@(?:\.[a-z]+)?:(?:\([^()]*\)|[\w.-]*\w)`,
  /** Laravel: `:name`, `:Name`, `:NAME` at the start of a word. */
  'colon-name': String.raw`${WORD_START}:${IDENT}(?![\w:])`,
  /** Drupal: `@count`, `!url`, `%name` at the start of a word. */
  drupal: String.raw`${WORD_START}[@!%]${IDENT}`,
  /** Double-square-bracket names used by several template systems: `[[name]]`. */
  'double-square': String.raw`\[\[[^[\]\n]+\]\]`,
  /**
   * HTML, XML and Pango markup tags (XML names, so `<język>` too), React / i18next numbered tags: `<b>`,
   * `<a href="…">`, `</a>`, `<br/>`, `<0>`; attribute quotes may be escaped as a PO string writes them (`\"`).
   */
  markup: String.raw`</?[\p{L}_][\p{L}\p{N}_:.-]*(?:\s+[\w:.@-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\\"(?:[^"\\]|\\[^"])*\\"|[^\s"'<>=\x60\\]+))?)*\s*/?>|</?\d+>|<\d+/>`,
  /** Character references: `&amp;`, `&#160;`, `&#x2014;`. */
  entity: String.raw`&(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*);`,
  /** POSIX bracket classes of regular expressions, as grep and sed messages quote them: `[:space:]`. */
  'posix-class': String.raw`\[:(?:alnum|alpha|blank|cntrl|digit|graph|lower|print|punct|space|upper|xdigit):\]`,
  /** Shell brace expansions in paths and commands: `refs/{heads,tags}/`, `{a,b,c}.txt`. */
  'brace-list': String.raw`\{[\w.*-]+(?:,[\w.*-]+)+\}`,
  /**
   * Command-line options as getopt reads them, named in help texts and messages: `--no-clobber`, `-V`, `-nv`.
   * One starts the text or follows a space, quote, `/`, `|`, `,` or a bracket that starts a word, so words
   * (`e-mail`, `acessá-la`, `ženklų(-o)`) and a dash (`foo -- bar`) are prose.
   */
  'command-line-option': String.raw`(?<=^|[\s"'\x60«“‘/|,]|(?:^|\s)[(\[{])(?:--[A-Za-z][A-Za-z\d]*(?:-[A-Za-z\d]+)*|-[A-Za-z]{1,2}(?![\p{L}\p{N}_-]))`,
  /**
   * Code quoted in backticks, as Markdown and many programs' messages do: `` `git add` ``, `` `:include:` ``,
   * or in GNU's old quotes around one token, `` `p' `` (which never spans to the next backtick).
   */
  'backtick-code': String.raw`\x60[^\x60'\n]+\x60|\x60[^\x60'\s]+'`,
  /** strftime and date(1) directives in date formats nobody flagged: `%Y-%m-%d`, `%a %_d %b`, `%-I:%M %p`. */
  strftime: String.raw`%[-_0^#]?[EO]?[aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ+]`,
} as const;

export type ConventionName = keyof typeof CONVENTION_SOURCES;

const PATTERNS = new Map(
  Object.entries(CONVENTION_SOURCES).map(([name, source]) => [name, new RegExp(source, 'gu')]),
) as ReadonlyMap<ConventionName, RegExp>;

/** Markup that is not a format directive but still must come back verbatim, whatever an entry's flags say. */
export const MARKUP: readonly ConventionName[] = [
  'markup',
  'command-line-option',
  'entity',
  'posix-class',
  'brace-list',
  'backtick-code',
];

/**
 * For text whose conventions nobody declared (unflagged PO entries, JSON values, XLIFF sources): every
 * convention that real i18n files use and that the word-start and no-space rules keep out of prose.
 */
export const CONSERVATIVE: readonly ConventionName[] = [
  'printf',
  'strftime',
  'brace',
  'double-brace',
  'percent-name',
  'ruby-named',
  'numbered',
  'boost-ordinal',
  'dollar',
  'chrome-dollar',
  'message-reference',
  'colon-name',
  'drupal',
  'double-square',
  ...MARKUP,
];

export interface PlaceholderMatch {
  start: number;
  end: number;
}

/** Non-overlapping placeholders of `conventions` in `text`, leftmost-longest, in order. */
export function findPlaceholders(
  text: string,
  conventions: Iterable<ConventionName>,
  extra: readonly RegExp[] = [],
): PlaceholderMatch[] {
  const candidates: PlaceholderMatch[] = [];
  const patterns = [...new Set(conventions)].map((name) => PATTERNS.get(name)).concat(extra);
  for (const pattern of patterns) {
    if (!pattern) continue;
    for (const match of text.matchAll(pattern)) {
      if (match[0] !== '') candidates.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: PlaceholderMatch[] = [];
  for (const candidate of candidates) {
    const last = chosen.at(-1);
    if (!last || candidate.start >= last.end) chosen.push(candidate);
  }
  return chosen;
}

/** Appends `text` to `pieces`: placeholders of `conventions` (and matches of `extra`) as keep pieces. */
export function pushPlaceholders(
  pieces: Piece[],
  text: string,
  conventions: Iterable<ConventionName>,
  extra: readonly RegExp[] = [],
): void {
  let cursor = 0;
  for (const { start, end } of findPlaceholders(text, conventions, extra)) {
    pushPiece(pieces, 'text', text.slice(cursor, start));
    pushPiece(pieces, 'keep', text.slice(start, end));
    cursor = end;
  }
  pushPiece(pieces, 'text', text.slice(cursor));
}
