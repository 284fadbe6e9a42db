import { PermanentItemError } from '../errors.js';
import type { Piece, SegmentPieces } from '../translation/translator.js';
import type { FormatContext, ParsedDocument, TextFormat } from './format.js';
import { hasLetters, pushPiece, rebuildTranslation } from './pieceMatching.js';
import { CONSERVATIVE, pushPlaceholders } from './placeholders.js';
import { readXml, withAttribute, XmlSyntaxError, type XmlElement } from './xmlTree.js';
import { applyEdits, type SourceEdit } from './splice.js';
import { decodeXmlText, escapeText } from './xmlText.js';

type Edit = SourceEdit;

/** Where one source's translation goes: everything needed to write its target once the text is known. */
interface Slot {
  source: XmlElement;
  pieces: SegmentPieces;
  /** Index into the document's segments; undefined when the source has no words and is copied as is. */
  segment: number | undefined;
  write: (content: string) => Edit[];
  /** The unit's id (XLIFF 1.2 trans-unit, 2.0 segment), for the segment memory. */
  key: string | undefined;
}

/**
 * Kept verbatim besides the catalogue's placeholders (`%count%` and `{{ limit }}` from Symfony, `{0}` from
 * .resx, `%s`): entity references, and markup written escaped into the text (`&lt;b&gt;`, common in
 * Symfony and Android-derived files), which is HTML for the application even though it is text to XML.
 */
const XML_TEXT_EXTRAS = [
  /&(?:#\d+|#x[\da-fA-F]+|[\p{L}_][\p{L}\p{N}_.-]*);/gu,
  /&lt;\/?[A-Za-z][\w:.-]*(?:\s(?:[^&<>]|&(?!gt;))*?)?\/?&gt;/gu,
];
const protectText = (pieces: Piece[], text: string): void =>
  pushPlaceholders(pieces, text, CONSERVATIVE, XML_TEXT_EXTRAS);
/** Inline elements whose content is text to translate; every other inline element is kept whole. */
const PAIRED = new Set(['g', 'mrk', 'pc']);
/** Target states that mean "nobody has translated this yet". */
const UNTRANSLATED_1_2 = new Set(['new', 'needs-translation']);

const invalid = (detail: string): PermanentItemError =>
  new PermanentItemError('invalid_document', `The file is not valid XLIFF: ${detail}.`);

const localName = (element: XmlElement): string => element.name.slice(element.name.indexOf(':') + 1);
const prefixOf = (element: XmlElement): string => element.name.slice(0, element.name.indexOf(':') + 1);
const childrenNamed = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((c): c is XmlElement => c.kind === 'element' && localName(c) === name);
const childNamed = (element: XmlElement, name: string): XmlElement | undefined =>
  childrenNamed(element, name)[0];

function piecesOf(source: string, element: XmlElement): SegmentPieces {
  const pieces: Piece[] = [];
  const walk = (parent: XmlElement) => {
    let cursor = parent.openEnd;
    for (const child of parent.children) {
      protectText(pieces, source.slice(cursor, child.start));
      const translatable =
        child.kind === 'element' &&
        PAIRED.has(localName(child)) &&
        !child.selfClosing &&
        child.attributes.mtype !== 'protected' &&
        child.attributes.translate !== 'no';
      if (translatable) {
        pushPiece(pieces, 'keep', source.slice(child.start, child.openEnd));
        walk(child);
        pushPiece(pieces, 'keep', source.slice(child.closeStart, child.end));
      } else {
        pushPiece(pieces, 'keep', source.slice(child.start, child.end));
      }
      cursor = child.end;
    }
    protectText(pieces, source.slice(cursor, parent.closeStart));
  };
  walk(element);
  return pieces;
}

/** The line break and indentation in front of `element`, so an inserted sibling lines up with it. */
function indentBefore(source: string, element: XmlElement): string {
  const before = source.slice(0, element.start);
  const whitespace = /\r?\n[ \t]*$/.exec(before);
  return whitespace?.[0] ?? '';
}

/** Writes `content` into `target`, or into a new `<target>` after `after` when there is none. */
function targetEdits(
  source: string,
  target: XmlElement | undefined,
  after: XmlElement,
  attributes: Readonly<Record<string, string>>,
  content: string,
): Edit[] {
  const name = target?.name ?? `${prefixOf(after)}target`;
  let openTag = target ? source.slice(target.start, target.openEnd) : `<${name}>`;
  for (const [attribute, value] of Object.entries(attributes)) {
    openTag = withAttribute(openTag, attribute, value);
  }
  if (!target) {
    const text = `${indentBefore(source, after)}${openTag}${content}</${name}>`;
    return [{ start: after.end, end: after.end, text }];
  }
  if (target.selfClosing) {
    const text = `${openTag.replace(/\s*\/>$/, '>')}${content}</${name}>`;
    return [{ start: target.start, end: target.end, text }];
  }
  return [
    { start: target.start, end: target.openEnd, text: openTag },
    { start: target.openEnd, end: target.closeStart, text: content },
  ];
}

const isEmpty = (source: string, element: XmlElement | undefined): boolean =>
  !element || source.slice(element.openEnd, element.closeStart).trim() === '';

/**
 * Every element named `name` below `element`, with whether it is to be translated: `translate="no"` on it or
 * any ancestor (a group, a file) excludes it, as both XLIFF versions specify.
 */
function* unitsNamed(
  element: XmlElement,
  name: string,
  translate: boolean,
): Generator<[XmlElement, boolean]> {
  for (const child of element.children) {
    if (child.kind !== 'element') continue;
    const own = child.attributes.translate;
    const inherited = own === undefined ? translate : own !== 'no';
    if (localName(child) === name) yield [child, inherited];
    else yield* unitsNamed(child, name, inherited);
  }
}

/**
 * XLIFF 1.2: `<trans-unit>` gets a `<target state="translated">` (a draft: `needs-review-translation`),
 * unless a translation is already there.
 */
function collect1_2(
  source: string,
  element: XmlElement,
  translate: boolean,
  add: (s: Omit<Slot, 'segment' | 'pieces'>) => void,
  draft: boolean,
): void {
  const written = draft ? 'needs-review-translation' : 'translated';
  for (const [unit, inherited] of unitsNamed(element, 'trans-unit', translate)) {
    const segmented = childNamed(unit, 'seg-source');
    const unitSource = childNamed(unit, 'source');
    if (!unitSource) throw invalid(`trans-unit ${unit.attributes.id ?? ''} has no <source>`);
    const target = childNamed(unit, 'target');
    const state = target?.attributes.state;
    const untranslated = state === undefined ? isEmpty(source, target) : UNTRANSLATED_1_2.has(state);
    if (!inherited || !untranslated || unit.attributes.approved === 'yes') continue;
    // With <seg-source>, the target mirrors its <mrk mtype="seg"> segmentation.
    add({
      source: segmented ?? unitSource,
      key: unit.attributes.id,
      write: (content) => targetEdits(source, target, segmented ?? unitSource, { state: written }, content),
    });
  }
}

/**
 * XLIFF 2.0: each `<segment>` of a unit gets a `<target>` and `state="translated"`; a draft keeps
 * `state="initial"`, the state the standard gives a target nobody has confirmed.
 */
function collect2_0(
  source: string,
  element: XmlElement,
  translate: boolean,
  add: (s: Omit<Slot, 'segment' | 'pieces'>) => void,
  draft: boolean,
): void {
  const written = draft ? 'initial' : 'translated';
  for (const [segment, inherited] of unitsNamed(element, 'segment', translate)) {
    const segmentSource = childNamed(segment, 'source');
    if (!segmentSource) throw invalid(`segment ${segment.attributes.id ?? ''} has no <source>`);
    const target = childNamed(segment, 'target');
    const state = segment.attributes.state;
    const untranslated = isEmpty(source, target) || state === 'initial';
    if (!inherited || !untranslated) continue;
    add({
      source: segmentSource,
      key: segment.attributes.id,
      write: (content) => [
        {
          start: segment.start,
          end: segment.openEnd,
          text: withAttribute(source.slice(segment.start, segment.openEnd), 'state', written),
        },
        ...targetEdits(source, target, segmentSource, {}, content),
      ],
    });
  }
}

/** The translated units of an XLIFF file: 1.2 trans-unit id or 2.0 segment id → its target's text, decoded. */
function readXliffUnits(target: string): [string, string][] {
  let root: XmlElement;
  try {
    root = readXml(target);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw invalid(error.message);
    throw error;
  }
  const units: [string, string][] = [];
  const name = (root.attributes.version ?? '').startsWith('1.') ? 'trans-unit' : 'segment';
  for (const [unit] of unitsNamed(root, name, true)) {
    const id = unit.attributes.id;
    const element = childNamed(unit, 'target');
    if (id === undefined || !element || element.selfClosing || isEmpty(target, element)) continue;
    units.push([id, decodeXmlText(target.slice(element.openEnd, element.closeStart))]);
  }
  return units;
}

function parseXliff(source: string, context: FormatContext): ParsedDocument {
  let root: XmlElement;
  try {
    root = readXml(source);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw invalid(error.message);
    throw error;
  }
  const version = root.attributes.version ?? '';
  if (localName(root) !== 'xliff' || !/^[12]\.\d$/.test(version))
    throw invalid('no <xliff version="1.x|2.x"> root');

  const fixedEdits: Edit[] = [];
  const setLanguage = (element: XmlElement, name: string, after: string) => {
    if (element.attributes[name] === context.targetLanguage) return;
    const tag = source.slice(element.start, element.openEnd);
    fixedEdits.push({
      start: element.start,
      end: element.openEnd,
      text: withAttribute(tag, name, context.targetLanguage, after),
    });
  };
  const slots: Slot[] = [];
  const segments: SegmentPieces[] = [];
  const keys: (string | undefined)[] = [];
  const add = (slot: Omit<Slot, 'segment' | 'pieces'>) => {
    const pieces = piecesOf(source, slot.source);
    const segment = hasLetters(pieces) ? segments.push(pieces) - 1 : undefined;
    if (segment !== undefined) keys.push(slot.key);
    slots.push({ ...slot, pieces, segment });
  };
  if (version.startsWith('1.')) {
    for (const file of childrenNamed(root, 'file')) setLanguage(file, 'target-language', 'source-language');
    collect1_2(source, root, root.attributes.translate !== 'no', add, context.markAsDraft === true);
  } else {
    setLanguage(root, 'trgLang', 'srcLang');
    collect2_0(source, root, true, add, context.markAsDraft === true);
  }

  return {
    segments,
    keys,
    render(translations) {
      const edits = [...fixedEdits];
      for (const slot of slots) {
        const original = source.slice(slot.source.openEnd, slot.source.closeStart);
        const translation = slot.segment === undefined ? undefined : translations[slot.segment];
        const content =
          translation === undefined
            ? original
            : rebuildTranslation(translation, slot.pieces, {
                text: escapeText,
                keep: (index) => slot.pieces[index]?.text ?? '',
              });
        edits.push(...slot.write(content));
      }
      return applyEdits(source, edits);
    },
  };
}

export const xliffFormat: TextFormat = {
  id: 'xliff',
  extensions: ['.xlf', '.xliff'],
  version: 3,
  sameSegmentsForEveryTarget: true,
  parse: parseXliff,
  readUnits: readXliffUnits,
  decodeTranslation: decodeXmlText,
};
