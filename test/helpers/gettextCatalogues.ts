/** Reading gettext catalogues in format tests: entries by key, and the lines translating must not touch. */
import type { GetTextTranslation, GetTextTranslations } from 'gettext-parser';

/** Every non-header entry, keyed by context and msgid, in the order gettext-parser reports them. */
export function entriesOf(catalogue: GetTextTranslations): Map<string, GetTextTranslation> {
  const entries = new Map<string, GetTextTranslation>();
  for (const [msgctxt, byId] of Object.entries(catalogue.translations)) {
    for (const [msgid, entry] of Object.entries(byId)) {
      if (msgctxt !== '' || msgid !== '') entries.set(`${msgctxt}\u0004${msgid}`, entry);
    }
  }
  return entries;
}

/** Lines outside msgstr values, the header and `#,` flag lines: what translating must leave untouched. */
export function untouchableLines(text: string): string[] {
  const kept: string[] = [];
  let inMsgstr = false;
  let inHeader = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('msgid ""') && kept.every((l) => l.startsWith('#'))) inHeader = true;
    if (line.trim() === '') inHeader = false;
    if (/^msgstr/.test(line)) inMsgstr = true;
    else if (!line.startsWith('"')) inMsgstr = false;
    if (!inMsgstr && !inHeader && !line.startsWith('#,')) kept.push(line);
  }
  return kept;
}
