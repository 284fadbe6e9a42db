/**
 * Link reference definitions read line by line, for the line scanner in blockLines.ts: a paragraph may start
 * with a run of them (`[label]: destination "title"`), each complete or spread over the next lines.
 */

/** A definition a line completes: `key` is the normalised label, `line` what collectDefinitions emits. */
export interface FoundDefinition {
  kind: 'link' | 'footnote';
  key: string;
  line: string;
}

/** Whether a paragraph is still a run of definitions, and what its last one is waiting for. */
export type DefinitionProgress =
  | { at: 'closed' }
  | { at: 'open'; titleMayFollow: boolean }
  | { at: 'destination'; label: string }
  | { at: 'title'; closer: string; pending?: FoundDefinition };

export const DEFINITIONS_CLOSED: DefinitionProgress = { at: 'closed' };
export const DEFINITIONS_OPEN: DefinitionProgress = { at: 'open', titleMayFollow: false };

const BLANK = /^[ \t]*$/;
const PUNCTUATION = /[!-/:-@[-`{-~]/;
// Only a paragraph's first line is limited to an indent of 3: later definitions in the run may be indented.
const LINK_LABEL = /^[ \t]*\[((?:[^\\[\]]|\\.){1,999})\]:/;

/** micromark's normalizeIdentifier: labels match case-insensitively with whitespace collapsed. */
export const normalizeLabel = (label: string): string =>
  label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase();

/** Where a title closing with `closer` ends: the index after it, -1 if not on this line, undefined if invalid. */
function titleEnd(text: string, from: number, closer: string): number | undefined {
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && PUNCTUATION.test(text[i + 1] ?? '')) i++;
    else if (char === closer) return i + 1;
    else if (closer === ')' && char === '(') return undefined;
  }
  return -1;
}

/**
 * A destination as written, re-escaped for `<…>`. It stays undecoded: parsed again after a part, it decodes
 * to the same URL (character references and escapes included) without a decoder here.
 */
function readDestination(text: string): { value: string; end: number } | undefined {
  if (text.startsWith('<')) {
    for (let i = 1; i < text.length; i++) {
      const char = text[i];
      if (char === '\\' && PUNCTUATION.test(text[i + 1] ?? '')) i++;
      else if (char === '>') return { value: text.slice(1, i), end: i + 1 };
      else if (char === '<') return undefined;
    }
    return undefined;
  }
  let depth = 0;
  let value = '';
  let i = 0;
  for (; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\' && PUNCTUATION.test(text[i + 1] ?? '')) {
      value += char + text[++i];
      continue;
    }
    if (char === '(') depth++;
    else if (char === ')' && depth-- === 0) break;
    else if (char <= ' ' || char === '\x7f') break;
    value += char === '<' || char === '>' ? `\\${char}` : char === '\\' ? '\\\\' : char;
  }
  return i > 0 && depth <= 0 ? { value, end: i } : undefined;
}

const escapeTitle = (title: string): string =>
  title.replace(/\\[!-/:-@[-`{-~]|"/g, (match) => (match === '"' ? '\\"' : match));

const closerOf = (opener: string): string => (opener === '(' ? ')' : opener);

/** What follows `[label]:`, on its line or the next: a destination, an optional title, nothing else. */
function definitionBody(
  label: string,
  text: string,
): { progress: DefinitionProgress; found?: FoundDefinition } {
  const rest = text.replace(/^[ \t]+/, '');
  const destination = readDestination(rest);
  if (!destination) return { progress: DEFINITIONS_CLOSED };
  const head = `[${label.replace(/\s+/g, ' ')}]: <${destination.value}>`;
  const found = (line: string): FoundDefinition => ({ kind: 'link', key: normalizeLabel(label), line });
  const after = rest.slice(destination.end);
  if (BLANK.test(after)) return { progress: { at: 'open', titleMayFollow: true }, found: found(head) };
  const title = /^[ \t]+(["'(])/.exec(after);
  if (!title?.[1]) return { progress: DEFINITIONS_CLOSED };
  const closer = closerOf(title[1]);
  const end = titleEnd(after, title[0].length, closer);
  // A title running on to later lines is left out: only the destination decides what a reference resolves to.
  if (end === -1) return { progress: { at: 'title', closer, pending: found(head) } };
  if (end === undefined || !BLANK.test(after.slice(end))) return { progress: DEFINITIONS_CLOSED };
  const titled = `${head} "${escapeTitle(after.slice(title[0].length, end - 1))}"`;
  return { progress: DEFINITIONS_OPEN, found: found(titled) };
}

/** One more paragraph line (its text after container markers) in the run of definitions it may continue. */
export function continueDefinitions(
  progress: DefinitionProgress,
  text: string,
): { progress: DefinitionProgress; found?: FoundDefinition } {
  switch (progress.at) {
    case 'closed':
      return { progress };
    case 'destination':
      return definitionBody(progress.label, text);
    case 'title': {
      const end = titleEnd(text, 0, progress.closer);
      if (end === -1) return { progress };
      if (end === undefined || !BLANK.test(text.slice(end))) return { progress: DEFINITIONS_CLOSED };
      return progress.pending
        ? { progress: DEFINITIONS_OPEN, found: progress.pending }
        : { progress: DEFINITIONS_OPEN };
    }
    case 'open': {
      const label = LINK_LABEL.exec(text);
      if (label?.[1] && /\S/.test(label[1])) {
        const body = text.slice(label[0].length);
        if (BLANK.test(body)) return { progress: { at: 'destination', label: label[1] } };
        return definitionBody(label[1], body);
      }
      // A title on the line after its definition's destination.
      const title = progress.titleMayFollow ? /^[ \t]*(["'(])/.exec(text) : null;
      if (!title?.[1]) return { progress: DEFINITIONS_CLOSED };
      const closer = closerOf(title[1]);
      const end = titleEnd(text, title[0].length, closer);
      if (end === -1) return { progress: { at: 'title', closer } };
      const ends = end !== undefined && BLANK.test(text.slice(end));
      return { progress: ends ? DEFINITIONS_OPEN : DEFINITIONS_CLOSED };
    }
  }
}
