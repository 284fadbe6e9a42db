import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { defaultTreeAdapter as tree, type DefaultTreeAdapterTypes as Html } from 'parse5';
import {
  attributeOf,
  elementRoles,
  isTranslatable,
  SKIPPED,
  textAttributes,
  UNTRANSLATED_CONTENT,
  type ElementRoles,
} from './htmlElements.js';

type Location = NonNullable<Html.TextNode['sourceCodeLocation']>;

export interface SourceRange {
  start: number;
  end: number;
}

export interface SourcePiece extends SourceRange {
  kind: 'text' | 'keep';
}

/** A segment's place in the source: a run of text with inline markup, or one attribute value. */
export interface HtmlRegion extends SourceRange {
  pieces: SourcePiece[];
  /** Attribute values only: the quote around the value, '' when unquoted. */
  quote?: string;
}

interface Atom extends SourcePiece {
  opens?: Html.Element;
  closes?: Html.Element;
  /** Says nothing on its own (a comment, an image, a space): left outside the segment at a run's edge. */
  blank?: boolean;
}

/** Markup left inside a text node's source: stray tags the parser dropped, and character references. */
const TEXT_MARKUP = /<[/!?]?[A-Za-z][^<>]*>|&(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*);?/g;
const CHARACTER_REFERENCE = /&(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*);?/g;
const BLANK = /^[ \t\n\f\r]*$/;
const isBlankChar = (char: string | undefined): boolean => char !== undefined && ' \t\n\f\r'.includes(char);

const normalizeNewlines = (text: string): string => text.replace(/\r\n?/g, '\n');

type Step = Html.ChildNode | (() => void);

/** The value part of an attribute's source (`name = "value"`), or undefined for a valueless attribute. */
export function attributeValueRange(
  source: string,
  location: Location,
): (SourceRange & { quote: string }) | undefined {
  const match = /^[^\s=]+\s*=\s*(["']?)/.exec(source.slice(location.startOffset, location.endOffset));
  if (!match) return undefined;
  const quote = match[1] ?? '';
  const start = location.startOffset + match[0].length;
  const end = quote ? location.endOffset - 1 : location.endOffset;
  if (end < start || (quote && source[end] !== quote)) return undefined;
  return { start, end, quote };
}

/**
 * Walks a parse5 tree (parsed with source locations) and returns where the human text is. Runs only join
 * nodes that are contiguous in the source and never go back before a region already taken, so regions are
 * disjoint even where the parser rearranged the tree (foster parenting, reconstructed formatting elements).
 */
export class HtmlRegionFinder {
  readonly texts: HtmlRegion[] = [];
  readonly attributes: HtmlRegion[] = [];
  private run: Atom[] = [];
  private frontier = 0;
  private readonly attributeStarts = new Set<number>();

  constructor(private readonly source: string) {}

  find(document: Html.Document): this {
    this.walk(document, elementRoles(document));
    this.flush();
    this.collectAttributes(document);
    return this;
  }

  /** Document order, with an explicit stack of steps: nodes to visit and actions due after a node's children. */
  private walk(document: Html.Document, roles: ElementRoles): void {
    const steps: Step[] = [...document.childNodes].reverse();
    const then = (next: readonly Step[]) => {
      for (let i = next.length - 1; i >= 0; i--) steps.push(next[i] as Step);
    };
    for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
      if (typeof step === 'function') step();
      else if (tree.isTextNode(step)) this.addText(step);
      else if (tree.isCommentNode(step)) this.addRange(step.sourceCodeLocation, { blank: true });
      else if (tree.isElementNode(step)) then(this.enter(step, roles));
      else this.flush();
    }
  }

  /** Adds what the element itself contributes to the run; returns the steps for its content. */
  private enter(element: Html.Element, roles: ElementRoles): Step[] {
    const location = element.sourceCodeLocation;
    const role = roles.roleOf(element);
    if (role === 'container' || (role === 'inline' && !location?.startTag)) {
      this.flush();
      return [...element.childNodes, () => this.flush()];
    }
    if (role === 'break' || !location) {
      this.flush();
      return [];
    }
    if (role === 'kept') {
      this.addRange(location, { blank: SKIPPED.has(element.tagName) || !roles.hasWords(element) });
      return [];
    }
    this.addRange(location.startTag, { opens: element });
    const endTag = location.endTag;
    // An end tag the parser implied has no place in the source; the run simply goes on.
    return [...element.childNodes, () => endTag && this.addRange(endTag, { closes: element })];
  }

  private addText(node: Html.TextNode): void {
    const location = node.sourceCodeLocation;
    const raw = location ? this.source.slice(location.startOffset, location.endOffset) : '';
    // The node's source must spell exactly its text; otherwise the parser merged text from elsewhere.
    const spelled = (text: string) => decodeHTML(normalizeNewlines(text)) === node.value;
    if (!location || !(spelled(raw) || spelled(raw.replace(TEXT_MARKUP, (m) => (m[0] === '<' ? '' : m))))) {
      this.flush();
      return;
    }
    for (const atom of splitMarkup(raw, location.startOffset, TEXT_MARKUP, decodeHTML)) this.add(atom);
  }

  /** A keep atom for a node or tag; one without a place in the source ends the run. */
  private addRange(location: Location | undefined | null, marks: Pick<Atom, 'opens' | 'closes' | 'blank'>) {
    if (!location) this.flush();
    else if (location.endOffset > location.startOffset)
      this.add({ kind: 'keep', start: location.startOffset, end: location.endOffset, ...marks });
  }

  private add(atom: Atom): void {
    const last = this.run.at(-1);
    if (last && atom.start !== last.end) this.flush();
    if (atom.start < this.frontier) return;
    this.run.push(atom);
    this.frontier = atom.end;
  }

  private flush(): void {
    const region = regionOf(this.source, this.run, true);
    if (region) this.texts.push(region);
    this.run = [];
  }

  private collectAttributes(document: Html.Document): void {
    const pending: Html.ParentNode[] = [document];
    for (let node = pending.pop(); node; node = pending.pop()) {
      for (const element of node.childNodes.filter((child) => tree.isElementNode(child))) {
        if (SKIPPED.has(element.tagName) || !isTranslatable(element)) continue;
        for (const name of textAttributes(element)) this.addAttribute(element, name);
        // The content of code, preformatted text and the like is kept with its markup, attributes included.
        if (!UNTRANSLATED_CONTENT.has(element.tagName)) pending.push(element);
      }
    }
  }

  private addAttribute(element: Html.Element, name: string): void {
    const location = element.sourceCodeLocation?.attrs?.[name];
    const value = location && attributeValueRange(this.source, location);
    // Reconstructed elements share their original's locations: one region per place in the source.
    if (!value || this.attributeStarts.has(value.start)) return;
    const raw = this.source.slice(value.start, value.end);
    if (decodeHTMLAttribute(normalizeNewlines(raw)) !== attributeOf(element, name)) return;
    const atoms = splitMarkup(raw, value.start, CHARACTER_REFERENCE, decodeHTMLAttribute);
    // An unquoted value is replaced whole (the translation gets quotes), so it is not trimmed.
    const region = regionOf(this.source, atoms, value.quote !== '');
    if (!region) return;
    this.attributeStarts.add(value.start);
    this.attributes.push({ ...region, quote: value.quote });
  }
}

/** Text and keep atoms of `raw` (found at `offset`): markup matches are kept, unless a "reference" decodes to itself. */
function splitMarkup(raw: string, offset: number, markup: RegExp, decode: (s: string) => string): Atom[] {
  const atoms: Atom[] = [];
  let last = 0;
  for (const match of raw.matchAll(markup)) {
    if (match[0][0] === '&' && match[0][1] !== '#' && decode(match[0]) === match[0]) continue;
    if (match.index > last) atoms.push({ kind: 'text', start: offset + last, end: offset + match.index });
    const blank = match[0][0] === '<' || /^\s*$/u.test(decode(match[0]));
    atoms.push({
      kind: 'keep',
      start: offset + match.index,
      end: offset + match.index + match[0].length,
      blank,
    });
    last = match.index + match[0].length;
  }
  if (raw.length > last) atoms.push({ kind: 'text', start: offset + last, end: offset + raw.length });
  return atoms;
}

/**
 * Trims a run to its human text: blank text, lone markup at either edge and a tag pair wrapping the whole run
 * stay outside the segment (they are kept byte for byte anyway), then joins neighbouring pieces of a kind.
 * Undefined when no letters are left.
 */
function regionOf(source: string, run: readonly Atom[], trim: boolean): HtmlRegion | undefined {
  let first = 0;
  let last = run.length - 1;
  const blank = (atom: Atom) =>
    atom.blank === true || (atom.kind === 'text' && BLANK.test(source.slice(atom.start, atom.end)));
  while (trim && first <= last) {
    const head = run[first];
    const tail = run[last];
    if (!head || !tail) break;
    if (blank(head)) first++;
    else if (blank(tail)) last--;
    else if (head.opens && head.opens === tail.closes) [first, last] = [first + 1, last - 1];
    else break;
  }
  const atoms = run
    .slice(first, last + 1)
    .map((a): SourcePiece => ({ kind: a.kind, start: a.start, end: a.end }));
  const head = atoms[0];
  const tail = atoms.at(-1);
  if (!head || !tail) return undefined;
  while (trim && head.kind === 'text' && isBlankChar(source[head.start])) head.start++;
  while (trim && tail.kind === 'text' && isBlankChar(source[tail.end - 1])) tail.end--;
  const pieces: SourcePiece[] = [];
  for (const atom of atoms) {
    const previous = pieces.at(-1);
    if (previous?.kind === atom.kind && previous.end === atom.start) previous.end = atom.end;
    else pieces.push(atom);
  }
  const letters = pieces.some((p) => p.kind === 'text' && /\p{L}/u.test(source.slice(p.start, p.end)));
  return letters ? { start: head.start, end: tail.end, pieces } : undefined;
}
