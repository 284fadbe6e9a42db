import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Piece } from '../translation/translator.js';
import { pushPiece } from './pieceMatching.js';
import { CONSERVATIVE, pushPlaceholders } from './placeholders.js';

/** Tags stay literal text for the ICU parser: HTML tags with attributes are common and it rejects them. */
const ICU_OPTIONS = { ignoreTag: true, requiresOtherClause: false } as const;

/**
 * Inside an ICU message's literal text the catalogue's conservative set applies, less single-brace
 * arguments (ICU itself owns `{…}`); a string that is not an ICU message gets the whole set.
 */
const IN_ICU_TEXT = CONSERVATIVE.filter((name) => name !== 'brace');

export interface MessagePieces {
  pieces: Piece[];
  /** The ICU structure the message must keep (see `icuStructure`), when it is an ICU message. */
  structure?: string;
}

function parseIcu(message: string, captureLocation: boolean): MessageFormatElement[] | undefined {
  try {
    return parse(message, { ...ICU_OPTIONS, captureLocation });
  } catch {
    return undefined;
  }
}

function literalRanges(elements: readonly MessageFormatElement[]): [number, number][] {
  return elements.flatMap((element): [number, number][] => {
    if (element.type === TYPE.literal && element.location)
      return [[element.location.start.offset, element.location.end.offset]];
    if (element.type === TYPE.plural || element.type === TYPE.select)
      return Object.values(element.options).flatMap((option) => literalRanges(option.value));
    if (element.type === TYPE.tag) return literalRanges(element.children);
    return [];
  });
}

function signature(elements: readonly MessageFormatElement[]): string {
  const options = (all: Record<string, { value: MessageFormatElement[] }>) =>
    Object.entries(all)
      .map(([key, option]) => `${key}(${signature(option.value)})`)
      .join(' ');
  return elements
    .map((element) => {
      switch (element.type) {
        case TYPE.literal:
          return '';
        case TYPE.pound:
          return '#';
        case TYPE.plural:
          return `{${element.value},plural:${element.pluralType},${element.offset},${options(element.options)}}`;
        case TYPE.select:
          return `{${element.value},select,${options(element.options)}}`;
        case TYPE.tag:
          return `<${element.value}>${signature(element.children)}</>`;
        default: {
          const style = 'style' in element ? element.style : null;
          return `{${element.value},${element.type},${JSON.stringify(style ?? null)}}`;
        }
      }
    })
    .join('');
}

/**
 * The message's ICU structure without its text: argument names and types, plural/select keys, `#` signs.
 * Undefined when the message does not parse as ICU.
 */
export function icuStructure(message: string): string | undefined {
  const elements = parseIcu(message, false);
  return elements && signature(elements);
}

const isBranching = (element: MessageFormatElement): boolean =>
  element.type === TYPE.plural || element.type === TYPE.select;

/**
 * Whether a message is read as ICU. ICU quotes whatever follows an apostrophe placed right before a brace,
 * so `'{0}'` (TypeScript's and .NET's way to put quotes around a `{0}` placeholder) would become literal
 * text; such a message is only ICU when it branches (plural, select), where quoting is clearly meant.
 */
function readsAsIcu(message: string, elements: readonly MessageFormatElement[] | undefined): boolean {
  if (!elements?.some((element) => element.type !== TYPE.literal)) return false;
  return elements.some(isBranching) || !/'[{}]/.test(message);
}

/**
 * Splits a message into text and keep pieces. An ICU message (one that parses and has at least one
 * argument, see readsAsIcu) keeps everything but the literal text of its branches: for `{n, plural, one
 * {# item} other {# items}}` only " item" and " items" are text. Other strings, including those the ICU
 * parser rejects, only have the placeholder patterns protected.
 */
export function messagePieces(message: string): MessagePieces {
  const elements = parseIcu(message, true);
  const pieces: Piece[] = [];
  if (!elements || !readsAsIcu(message, elements)) {
    pushPlaceholders(pieces, message, CONSERVATIVE);
    return { pieces };
  }
  let cursor = 0;
  for (const [start, literalEnd] of literalRanges(elements).sort(([a], [b]) => a - b)) {
    // `%{count}` (Polyglot, Rails) and `${name}` read as an ICU argument: the sigil belongs to it.
    const end =
      message[literalEnd] === '{' && /[%$]$/.test(message.slice(start, literalEnd))
        ? literalEnd - 1
        : literalEnd;
    pushPiece(pieces, 'keep', message.slice(cursor, start));
    pushPlaceholders(pieces, message.slice(start, end), IN_ICU_TEXT);
    cursor = end;
  }
  pushPiece(pieces, 'keep', message.slice(cursor));
  return { pieces, structure: icuStructure(message) };
}

/**
 * In ICU an apostrophe right before `{`, `}`, `<`, `>` or `#` starts quoted text, which would swallow the
 * argument after it (French "l'{app}"). A translated apostrophe there is doubled, which ICU reads as one.
 */
export function escapeIcuApostrophe(text: string, following: string): string {
  if (!/^[{}<>#]/.test(following)) return text;
  let apostrophes = 0;
  while (text[text.length - 1 - apostrophes] === "'") apostrophes++;
  return apostrophes % 2 === 1 ? `${text}'` : text;
}
