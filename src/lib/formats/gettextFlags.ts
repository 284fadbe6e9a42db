import { CONSERVATIVE, MARKUP, type ConventionName } from './placeholders.js';

interface FormatRule {
  /** The convention whose exact grammar an `X-format` entry follows (what `msgfmt --check` verifies). */
  strict: readonly ConventionName[];
  /** The conservative conventions `no-X-format` rules out: the flag says these look-alikes are text. */
  family: readonly ConventionName[];
}

const PRINTF: FormatRule = { strict: ['c'], family: ['printf'] };
const SIMPLE_PRINTF: FormatRule = { strict: ['printf-simple'], family: ['printf'] };
const NUMBERED: FormatRule = { strict: ['numbered'], family: ['numbered'] };

/** GNU gettext's format types (message.c `format_language`), plus Elixir's `elixir-format`. */
const FORMATS: Record<string, FormatRule> = {
  c: PRINTF,
  objc: { strict: ['objc'], family: ['printf'] },
  python: { strict: ['python'], family: ['printf'] },
  'python-brace': { strict: ['python-brace'], family: ['brace'] },
  java: { strict: ['java'], family: ['brace'] },
  'java-printf': { strict: ['java-printf'], family: ['printf'] },
  csharp: { strict: ['csharp'], family: ['brace'] },
  javascript: { strict: ['javascript'], family: ['printf'] },
  scheme: { strict: ['lisp'], family: [] },
  lisp: { strict: ['lisp'], family: [] },
  elisp: SIMPLE_PRINTF,
  librep: SIMPLE_PRINTF,
  ruby: { strict: ['ruby'], family: ['printf', 'ruby-named'] },
  sh: { strict: ['sh'], family: ['dollar'] },
  awk: SIMPLE_PRINTF,
  lua: SIMPLE_PRINTF,
  'object-pascal': { strict: ['object-pascal'], family: ['printf'] },
  smalltalk: NUMBERED,
  qt: NUMBERED,
  'qt-plural': { strict: ['qt-plural'], family: [] },
  kde: NUMBERED,
  'kde-kuit': NUMBERED,
  boost: { strict: ['boost'], family: ['printf', 'boost-ordinal'] },
  tcl: SIMPLE_PRINTF,
  perl: { strict: ['perl'], family: ['printf'] },
  'perl-brace': { strict: ['perl-brace'], family: ['brace'] },
  php: { strict: ['php'], family: ['printf'] },
  'gcc-internal': { strict: ['gcc-internal'], family: ['printf'] },
  'gfc-internal': { strict: ['gcc-internal'], family: ['printf'] },
  ycp: NUMBERED,
  elixir: { strict: ['ruby-named'], family: ['ruby-named'] },
};

const FORMAT_FLAG = /^(no-|possible-|impossible-)?([\w-]+)-format$/;

/**
 * The placeholder conventions of an entry, from its `#,` flags, the way msgfmt reads them:
 * - `X-format` declares the entry's directives: exactly X's grammar is protected (several such flags add
 *   up), plus markup tags and character references, which are never format directives but must stay;
 * - without one, the conservative catalogue applies, less what `no-X-format` / `impossible-X-format` rule
 *   out (that family is prose here, e.g. "100%d" in a no-c-format entry), plus X for `possible-X-format`
 *   (xgettext's guess: protected, without narrowing anything);
 * - unknown format names are ignored.
 */
export function conventionsForFlags(flags: readonly string[]): ConventionName[] {
  const declared: ConventionName[] = [];
  const excluded = new Set<ConventionName>();
  const possible: ConventionName[] = [];
  for (const flag of flags) {
    const [, qualifier, name = ''] = FORMAT_FLAG.exec(flag) ?? [];
    const rule = FORMATS[name];
    if (!rule) continue;
    if (qualifier === undefined) declared.push(...rule.strict);
    else if (qualifier === 'possible-') possible.push(...rule.strict);
    else rule.family.forEach((family) => excluded.add(family));
  }
  // strftime directives are printf look-alikes: an entry that says its `%` are not printf says so of them too.
  if (excluded.has('printf')) excluded.add('strftime');
  if (declared.length > 0) return [...new Set([...declared, ...MARKUP])];
  return [...new Set([...CONSERVATIVE.filter((name) => !excluded.has(name)), ...possible])];
}
