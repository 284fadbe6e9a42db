/** What each judge checks, for the report. */
export const JUDGE_DESCRIPTIONS = `| format | validator (input and output) | compared between source and pseudo output |
| --- | --- | --- |
| po | GNU \`msgfmt --check\` (Debian gettext): syntax, header, plural forms against \`Plural-Forms\`, c-/python-/…-format consistency where flagged; templates (.pot) are checked with \`--check-format --check-domain\` | entries as \`msgcat --no-wrap\` reads them: same entries, keys (msgctxt, msgid, msgid_plural) and comments; header fields other than Language, Plural-Forms, Content-Type unchanged; translated non-fuzzy entries unchanged; flags unchanged except \`fuzzy\` removed; each new msgstr carries its msgid's placeholders (the suite's catalogue) |
| xliff | \`xmllint --schema\` against the OASIS XLIFF 1.2 strict or 2.0 schema (shipped by Symfony's Translation component) | @xmldom/xmldom trees: everything outside \`<target>\` identical (apart from target-language and state attributes); sources and existing/\`translate="no"\` targets unchanged; each new target has the source's inline codes (by element and id) and placeholders |
| html | htmlparser2 (never rejects: HTML parsing recovers from errors by specification) | element tree (tags and nesting); attributes other than alt, title, placeholder, aria-label, aria-description, label, button values, meta descriptions and \`<html lang dir>\`; contents of script, style, code, pre, textarea and \`translate="no"\`/\`notranslate\` elements; comments; URLs and e-mail addresses in text |
| markdown | markdown-it (GFM tables, strikethrough) and commonmark.js (never reject) | each parser's skeleton: node types and nesting, list and heading markup, fence info; code, raw HTML and link/image destinations verbatim; URLs and e-mail addresses in text |
| json | \`JSON.parse\` | keys in order, value types, non-string values; \`$\`/\`@\` metadata unchanged; every string the ICU MessageFormat parser (@formatjs/icu-messageformat-parser) reads in the source still parses with the same arguments, plural/select options and tags; placeholders |
| srt | srt-parser-2 (at least one cue) | cue count, ids and timings; tags in cue text |
| vtt | webvtt-parser (W3C's parser and validator: no errors, at least one cue) | cue count, ids, timings and settings; tags in cue text; each cue's markup as the specification reads it: the tags with their classes and annotations and the timestamps in webvtt-parser's cue tree, and the characters its character references produce (read as HTML reads them, legacy names without semicolon included, by the \`entities\` decoder) |

The suite's placeholder catalogue (conformance/placeholders.ts), compared as multisets per unit in PO, XLIFF and
JSON: URLs, e-mail addresses, command-line options (\`--no-clobber\`, \`-V\`, \`-nv\`), HTML tags and entities, \`{{ x }}\` with or without spaces, \`[[name]]\`,
\`%(name)s\`, \`%<PRIu64>\`, \`%count%\`, printf (\`%s\`, \`%1$d\`, \`%-5.2f\`, \`%lld\`, \`%r\`, \`%@\`), \`{0}\` \`{name}\` \`{:d}\`,
\`{\\an8}\`, \`$arg\` \`\${arg}\`, \`:name\`, \`@count\`. Coverage: Latin letters of human text the pseudo translator accented
(an ASCII letter left in the output is untranslated text) plus other letters whose unit carries the
pseudo marker \`[lang: …]\`, over the letters of the validator's text units, protected content removed.
Identity and pseudo outputs are produced with the target language a file declares (a PO catalogue's
\`Language\`, an XLIFF \`target-language\`), else \`es\`.

Encodings (conformance/judgeText.ts, independent of the product): a byte order mark, else valid UTF-8, else the
charset the file declares, else chardet's best reading. An input is not judged (counted apart, like one the
validator rejects) when its encoding cannot be told: a UTF-8 BOM over bytes that are not UTF-8; an undeclared,
non-UTF-8 file with fewer than 8 bytes outside ASCII; or a best reading under 20/100, within 10 points of a
reading that decodes differently, or needing C1 control or replacement characters. Identity of a file that is
not UTF-8 is judged on its text: the output is UTF-8, its charset labels read as one.`;
