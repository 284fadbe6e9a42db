import { decodeHTMLStrict } from 'entities';
import type { Image, ImageReference, Nodes, PhrasingContent } from 'mdast';
import type { Piece } from '../../translation/translator.js';
import { closingIndex, readInlineTag } from './inlineHtml.js';
import { protectLineMarkers, trimMarkers } from './lineMarkers.js';
import { endOf, startOf } from './syntaxTree.js';

const ESCAPE = /\\[!-/:-@[-`{-~]/y;
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/y;

/** What a kept stretch of syntax does to the translated text next to it (see KeepSyntax). */
export type Role = 'open' | 'close' | 'linkOpen' | 'linkClose' | 'linePrefix' | 'lineMarker';

export interface Atom {
  kind: 'text' | 'keep';
  text: string;
  role?: Role;
}

/** For each keep piece: how the text a translation puts around it has to be written (markdown/escaping.ts). */
export interface KeepSyntax {
  /** How many link or image labels are open after it: `[` and `]` written there would change them. */
  linkDepth: number;
  /** It ends with an emphasis, strong or strikethrough opener: text right after it must not start blank. */
  opensEmphasis: boolean;
  /** It starts with such a closer: text right before it must not end blank. */
  closesEmphasis: boolean;
  /** Block syntax that only works at the start of a line (a block quote's `>`). */
  linePrefix: boolean;
}

export interface PhrasingPieces {
  pieces: Piece[];
  /** Indexed like `pieces`; undefined for text pieces. */
  syntax: (KeepSyntax | undefined)[];
  /** The source the pieces join to: the run's, less line markers at its edges. */
  start: number;
  end: number;
  /** Whether `start` is the start of a line's content (false after a marker such as `:::tip`). */
  startsLine: boolean;
}

/**
 * Walks `raw` (source) against `value` (what the parser decoded from it). Escapes and character references
 * are kept as written; source characters the value lacks are block syntax (`>` of a blockquote, a list's
 * indentation on continuation lines) and are kept unless they are mere whitespace. Undefined when the two
 * cannot be lined up, so the caller keeps the whole stretch rather than risk damaging it.
 */
function alignedAtoms(raw: string, value: string, afterLineBreak: boolean): Atom[] | undefined {
  const atoms: Atom[] = [];
  // Runs are collected and pushed whole: one atom per run, not one per character.
  let matched = '';
  let unmatched = '';
  let unmatchedAtLineStart = false;
  const flush = (): void => {
    if (matched !== '') atoms.push({ kind: 'text', text: matched });
    if (/\S/.test(unmatched)) {
      atoms.push({ kind: 'keep', text: unmatched, ...(unmatchedAtLineStart && { role: 'linePrefix' }) });
    } else if (unmatched !== '') atoms.push({ kind: 'text', text: unmatched });
    matched = '';
    unmatched = '';
  };
  const keep = (written: string): void => {
    flush();
    atoms.push({ kind: 'keep', text: written });
  };
  let i = 0;
  let j = 0;
  while (i < raw.length) {
    ESCAPE.lastIndex = i;
    if (ESCAPE.test(raw) && value[j] === raw[i + 1]) {
      keep(raw.slice(i, i + 2));
      i += 2;
      j += 1;
      continue;
    }
    CHARACTER_REFERENCE.lastIndex = i;
    const reference = CHARACTER_REFERENCE.exec(raw)?.[0];
    const decoded = reference === undefined ? '' : decodeHTMLStrict(reference);
    if (reference !== undefined && decoded !== reference && value.startsWith(decoded, j)) {
      keep(reference);
      i += reference.length;
      j += decoded.length;
      continue;
    }
    if (raw[i] === value[j]) {
      if (unmatched !== '') flush();
      matched += raw.charAt(i);
      j += 1;
    } else {
      if (matched !== '') flush();
      if (unmatched === '') unmatchedAtLineStart = i === 0 ? afterLineBreak : raw[i - 1] === '\n';
      unmatched += raw.charAt(i);
    }
    i += 1;
  }
  flush();
  return j === value.length ? atoms : undefined;
}

/** Index of the `]` closing a label that starts at `from`, or -1. */
function closingBracket(source: string, from: number, limit: number): number {
  let depth = 1;
  for (let i = from; i < limit; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  return -1;
}

/** A run of phrasing content being read: its nodes, where reading stands, and what closes it. */
interface Frame {
  children: readonly PhrasingContent[];
  index: number;
  cursor: number;
  end: number;
  closer?: Atom;
}

class AtomReader {
  readonly atoms: Atom[] = [];

  constructor(private readonly source: string) {}

  keep(start: number, end: number, role?: Role): void {
    if (end > start)
      this.atoms.push({ kind: 'keep', text: this.source.slice(start, end), ...(role && { role }) });
  }

  /** Between siblings lie only line prefixes and indentation: whitespace reads as text, markers are kept. */
  gap(start: number, end: number): void {
    const text = this.source.slice(start, end);
    if (text === '') return;
    if (!/\S/.test(text)) this.atoms.push({ kind: 'text', text });
    else this.keep(start, end, this.source[start - 1] === '\n' ? 'linePrefix' : undefined);
  }

  aligned(start: number, end: number, value: string): void {
    const atoms = alignedAtoms(this.source.slice(start, end), value, this.source[start - 1] === '\n');
    if (atoms) this.atoms.push(...atoms);
    else this.keep(start, end);
  }

  /** Reads the children of [start, end) without recursion: deeply nested emphasis must not overflow. */
  read(children: readonly PhrasingContent[], start: number, end: number): void {
    const stack: Frame[] = [{ children, index: 0, cursor: start, end }];
    for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
      const child = frame.children[frame.index];
      if (!child) {
        this.gap(frame.cursor, frame.end);
        if (frame.closer) this.atoms.push(frame.closer);
        stack.pop();
        continue;
      }
      this.gap(frame.cursor, startOf(child));
      const last = this.keptElementEnd(frame);
      if (last !== undefined) {
        const closing = frame.children[last] ?? child;
        this.keep(startOf(child), endOf(closing));
        frame.index = last + 1;
        frame.cursor = endOf(closing);
        continue;
      }
      frame.index++;
      frame.cursor = endOf(child);
      const inner = this.node(child);
      if (inner) stack.push(inner);
    }
  }

  /** When the frame's next node starts an inline element whose content is not prose: its last node's index. */
  private keptElementEnd(frame: Frame): number | undefined {
    const child = frame.children[frame.index];
    if (child?.type !== 'html') return undefined;
    const tag = readInlineTag(child.value);
    if (tag.kind !== 'start' || !tag.keepsContent) return undefined;
    const children = frame.children;
    const tagAt = (i: number) => {
      const node = children[i];
      return node?.type === 'html' ? readInlineTag(node.value) : undefined;
    };
    return closingIndex(tagAt, frame.index, children.length, tag.name);
  }

  /** Link text and emphasis content are translated; the syntax around them is kept. */
  private wrapped(node: Nodes & { children: PhrasingContent[] }, open: Role, close: Role): Frame | undefined {
    const first = node.children[0];
    const last = node.children.at(-1);
    if (!first || !last) {
      this.keep(startOf(node), endOf(node));
      return undefined;
    }
    this.keep(startOf(node), startOf(first), open);
    const closer: Atom = { kind: 'keep', text: this.source.slice(endOf(last), endOf(node)), role: close };
    return { children: node.children, index: 0, cursor: startOf(first), end: endOf(last), closer };
  }

  /** The alt text is translated; `![`, `](src "title")` and `][label]` are kept. */
  private image(node: Image | ImageReference): void {
    const start = startOf(node);
    const end = endOf(node);
    const altEnd = this.source.startsWith('![', start) ? closingBracket(this.source, start + 2, end) : -1;
    // Brackets in the alt text are links or images inside it, whose destinations are not in `alt`.
    if (altEnd < 0 || /(?<!\\)[[\]]/.test(this.source.slice(start + 2, altEnd))) {
      this.keep(start, end);
      return;
    }
    this.keep(start, start + 2, 'linkOpen');
    this.aligned(start + 2, altEnd, node.alt ?? '');
    this.keep(altEnd, end, 'linkClose');
  }

  private node(node: PhrasingContent): Frame | undefined {
    const start = startOf(node);
    const end = endOf(node);
    switch (node.type) {
      case 'text':
        this.aligned(start, end, node.value);
        return undefined;
      case 'emphasis':
      case 'strong':
      case 'delete':
        return this.wrapped(node, 'open', 'close');
      // Autolinks (`<https://…>`) and bare URLs have no brackets: the visible text is the address itself.
      case 'link':
        if (this.source[start] === '[') return this.wrapped(node, 'linkOpen', 'linkClose');
        break;
      // `[text]` and `[text][]` find their definition by their text: translating it would break the link.
      case 'linkReference':
        if (node.referenceType === 'full') return this.wrapped(node, 'linkOpen', 'linkClose');
        break;
      case 'image':
        this.image(node);
        return undefined;
      case 'imageReference':
        if (node.referenceType !== 'full') break;
        this.image(node);
        return undefined;
      default:
      // Inline code, inline HTML, footnote references, hard breaks.
    }
    this.keep(start, end);
    return undefined;
  }
}

const DEPTH_CHANGE: Partial<Record<Role, number>> = { linkOpen: 1, linkClose: -1 };

/** Joins neighbouring atoms of a kind into pieces, summing up what each keep piece does to its neighbours. */
function joinAtoms(atoms: readonly Atom[]): Pick<PhrasingPieces, 'pieces' | 'syntax'> {
  const pieces: Piece[] = [];
  const syntax: (KeepSyntax | undefined)[] = [];
  let linkDepth = 0;
  let previous: Atom | undefined;
  for (const atom of atoms) {
    if (atom.text === '') continue;
    linkDepth += (atom.role && DEPTH_CHANGE[atom.role]) ?? 0;
    const last = pieces.length - 1;
    const current = syntax[last];
    if (previous?.kind === atom.kind && pieces[last]) {
      pieces[last] = { kind: atom.kind, text: pieces[last].text + atom.text };
      if (current) Object.assign(current, { linkDepth, opensEmphasis: atom.role === 'open' });
    } else {
      pieces.push({ kind: atom.kind, text: atom.text });
      syntax.push(
        atom.kind === 'text'
          ? undefined
          : {
              linkDepth,
              opensEmphasis: atom.role === 'open',
              closesEmphasis: atom.role === 'close',
              linePrefix: atom.role === 'linePrefix',
            },
      );
    }
    previous = atom;
  }
  return { pieces, syntax };
}

/** The pieces of `source.slice(start, end)`, a block's run of phrasing content. */
export function phrasingPieces(
  source: string,
  children: readonly PhrasingContent[],
  start: number,
  end: number,
): PhrasingPieces {
  const reader = new AtomReader(source);
  reader.read(children, start, end);
  const atoms = protectLineMarkers(reader.atoms);
  const edges = trimMarkers(atoms, start, end);
  return { ...joinAtoms(atoms), ...edges };
}
