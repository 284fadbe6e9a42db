import { encodePoText, linesOf } from './gettextStrings.js';
import {
  DEFAULT_PLURAL_RULE,
  parsePluralForms,
  pluralRuleFor,
  poLanguage,
  type PluralRule,
} from './gettextPlurals.js';
import { msgstrsOf, unescapePo, type Entry, type Line } from './poEntries.js';
import type { SourceEdit } from './splice.js';

/** The line ending the file uses after `line` (or its first one), for lines the translation adds. */
export const eolAfter = (source: string, line: Line | undefined): string => {
  const eol = line ? source.slice(line.end, line.next) : '';
  return eol === '' ? (/\r?\n/.exec(source)?.[0] ?? '\n') : eol;
};

/**
 * `key "raw"`, or the multi-line `key ""` style with a line after every `\n` when the source used it or the
 * text holds line breaks, as msgmerge writes them. `raw` is already PO-escaped.
 */
export function poStatement(key: string, raw: string, multiline: boolean, eol: string): string {
  const lines = linesOf(raw);
  if (lines.length === 0 || (!multiline && lines.length === 1)) return `${key} "${raw}"`;
  return [`${key} ""`, ...lines.map((line) => `"${line}"`)].join(eol);
}

/** The header's fields, by lower-case name. */
function headerFields(header: Entry | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of (msgstrsOf(header ?? { comments: [], fields: [] })[0]?.value ?? '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

export interface HeaderPlan {
  /** The rule every translated plural entry follows, and that the written header declares. */
  rule: PluralRule;
  edits: SourceEdit[];
}

/**
 * Decides the plural rule and the header edits. The file's own `Plural-Forms` decides when it is a real
 * rule (not a template's `nplurals=INTEGER`) and the file is for the target language or does not say (or
 * the target's rule is unknown); otherwise the target's rule (else gettext's default) is used and written,
 * so the header always declares the forms the entries get. `Language:` is set to the target, and a
 * template's `charset=CHARSET` to UTF-8 (the encoding the output is written in). Other fields keep their bytes.
 */
export function planHeader(source: string, header: Entry | undefined, target: string): HeaderPlan {
  const fields = headerFields(header);
  const language = poLanguage(target);
  const fileLanguage = poLanguage(fields.get('language') ?? '');
  const sameLanguage = fileLanguage.toLowerCase() === language.toLowerCase();
  const declared = parsePluralForms(fields.get('plural-forms'));
  const targetRule = pluralRuleFor(target);
  const trustFile = declared && (sameLanguage || fileLanguage === '' || !targetRule);
  const rule = trustFile ? declared : (targetRule ?? declared ?? DEFAULT_PLURAL_RULE);
  if (!header) return { rule, edits: [] };

  const wanted = new Map<string, string>();
  if (!sameLanguage) wanted.set('language', `Language: ${language}`);
  if (rule !== declared) wanted.set('plural-forms', `Plural-Forms: ${rule.header}`);
  const contentType = fields.get('content-type');
  if (contentType?.includes('charset=CHARSET')) {
    wanted.set('content-type', `Content-Type: ${contentType.replace('charset=CHARSET', 'charset=UTF-8')}`);
  }
  return { rule, edits: headerEdits(source, header, wanted) };
}

/** Replaces the `wanted` fields in place (one per line when the header is laid out that way), adds the rest. */
function headerEdits(source: string, header: Entry, wanted: Map<string, string>): SourceEdit[] {
  const msgstr = msgstrsOf(header)[0];
  if (!msgstr || wanted.size === 0) return [];
  const eol = eolAfter(source, msgstr.lines[0]);
  const values = msgstr.raws.map(unescapePo);
  const oneFieldPerLine = values.every((v, i) => (i === 0 && v === '') || /^[^\n]*\n$/.test(v));
  if (!oneFieldPerLine) {
    let text = msgstr.value.endsWith('\n') || msgstr.value === '' ? msgstr.value : `${msgstr.value}\n`;
    for (const [name, line] of wanted) {
      const pattern = new RegExp(`^${name}:.*\\n?`, 'im');
      text = pattern.test(text) ? text.replace(pattern, `${line}\n`) : `${text}${line}\n`;
    }
    const first = msgstr.lines[0]!;
    const last = msgstr.lines.at(-1)!;
    const indent = /^\s*/.exec(first.text)?.[0] ?? '';
    return [
      {
        start: first.start + indent.length,
        end: last.end,
        text: poStatement('msgstr', encodePoText(text), true, eol),
      },
    ];
  }
  const edits: SourceEdit[] = [];
  msgstr.lines.forEach((line, i) => {
    const name = /^([^:\n]+):/
      .exec(values[i] ?? '')?.[1]
      ?.trim()
      .toLowerCase();
    const replacement = name === undefined ? undefined : wanted.get(name);
    if (replacement === undefined || name === undefined) return;
    // Keywords hold no quotes, so the line's first quote opens its string.
    const quote = line.start + line.text.indexOf('"');
    edits.push({ start: quote, end: line.end, text: `"${encodePoText(`${replacement}\n`)}"` });
    wanted.delete(name);
  });
  const last = msgstr.lines.at(-1)!;
  const added = [...wanted.values()].map((line) => `${eol}"${encodePoText(`${line}\n`)}"`).join('');
  if (added !== '') edits.push({ start: last.end, end: last.end, text: added });
  return edits;
}
