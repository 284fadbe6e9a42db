import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { PermanentItemError } from '../errors.js';
import type { Piece, SegmentPieces } from '../translation/translator.js';
import type { ParsedDocument, TextFormat } from './format.js';
import { escapeIcuApostrophe, icuStructure, messagePieces } from './messagePieces.js';
import { hasLetters, rebuildTranslation } from './pieceMatching.js';

/**
 * JSON i18n resources (flat or nested i18next / react-intl / vue-i18n files, Chrome `messages.json`,
 * formatjs extracted descriptors). Only string values are translated, never keys. Each value is decoded
 * from its JSON escapes; placeholders and ICU structure are keep pieces (see messagePieces).
 *
 * Not translated:
 * - values under a key starting with `$` or `@` (`$schema`, `@metadata`, ARB-style `@key` metadata);
 * - in message descriptor objects (a string `message` or `defaultMessage` next to nothing but
 *   `description`, `placeholders` and `id`), everything but the message: the description is a note for
 *   translators and placeholders hold examples and positions;
 * - values with no letters outside placeholders, and values that are a URL, e-mail address, path, file
 *   name or hex colour.
 *
 * A value whose translation equals its decoded source keeps its raw bytes (so `\u00e9` escapes survive);
 * others are written with JSON.stringify. A translation that changes an ICU message's structure is
 * rejected with `placeholder_mismatch` rather than published broken.
 */

interface StringRegion {
  start: number;
  end: number;
  /** Where the value is, for error messages: `nav.items[2]`. */
  path: string;
  decoded: string;
  pieces: Piece[];
  structure?: string;
}

const MESSAGE_KEYS = new Set(['message', 'defaultMessage']);
const DESCRIPTOR_KEYS = new Set([...MESSAGE_KEYS, 'description', 'placeholders', 'id']);

const NOT_PROSE = [
  /^[a-z][a-z\d+.-]*:\/\/\S*$/i,
  /^(?:mailto|tel):\S+$/i,
  /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i,
  /^\.{0,2}\/\S*$/,
  /^[\w.-]+(?:\/[\w.-]+)*\.(?:png|jpe?g|gif|svg|webp|ico|css|m?js|json|html?|pdf|txt|md|xml|woff2?|ttf|mp[34])$/i,
  /^#(?:[\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i,
];

function invalidJson(source: string, offset: number, problem: string): PermanentItemError {
  const before = source.slice(0, offset).split(/\r\n|\r|\n/);
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return new PermanentItemError(
    'invalid_document',
    `Invalid JSON at line ${line}, column ${column} (offset ${offset}): ${problem}.`,
  );
}

const keyOf = (property: Node): string => {
  const key: unknown = property.children?.[0]?.value;
  return typeof key === 'string' ? key : '';
};

function isDescriptor(properties: readonly Node[]): boolean {
  const keys = properties.map(keyOf);
  return (
    properties.some((p) => MESSAGE_KEYS.has(keyOf(p)) && p.children?.[1]?.type === 'string') &&
    keys.every((key) => DESCRIPTOR_KEYS.has(key))
  );
}

/** The translatable string values under `root`, in source order (iterative: deep files must not overflow). */
function stringValues(root: Node): { node: Node; path: string }[] {
  const found: { node: Node; path: string }[] = [];
  const stack: { node: Node; path: string }[] = [{ node: root, path: '' }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, path } = next;
    const children: { node: Node; path: string }[] = [];
    if (node.type === 'string') found.push(next);
    else if (node.type === 'array')
      (node.children ?? []).forEach((child, i) => children.push({ node: child, path: `${path}[${i}]` }));
    else if (node.type === 'object') {
      const properties = node.children ?? [];
      const descriptor = isDescriptor(properties);
      for (const property of properties) {
        const key = keyOf(property);
        const value = property.children?.[1];
        if (!value || /^[$@]/.test(key) || (descriptor && !MESSAGE_KEYS.has(key))) continue;
        children.push({ node: value, path: path === '' ? key : `${path}.${key}` });
      }
    }
    stack.push(...children.reverse());
  }
  return found;
}

class JsonDocument implements ParsedDocument {
  readonly segments: SegmentPieces[];
  private readonly regions: StringRegion[] = [];

  constructor(private readonly source: string) {
    // A byte order mark is not JSON; it stays in the output as it was.
    const bom = source.startsWith('\uFEFF') ? 1 : 0;
    const errors: ParseError[] = [];
    const root = parseTree(source.slice(bom), errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    const [error] = errors;
    if (error) throw invalidJson(source, bom + error.offset, printParseErrorCode(error.error));
    if (!root) throw invalidJson(source, bom, 'ValueExpected');
    for (const { node, path } of stringValues(root)) {
      const decoded: unknown = node.value;
      if (typeof decoded !== 'string' || NOT_PROSE.some((pattern) => pattern.test(decoded.trim()))) continue;
      const { pieces, structure } = messagePieces(decoded);
      if (!hasLetters(pieces)) continue;
      const start = bom + node.offset;
      this.regions.push({ start, end: start + node.length, path, decoded, pieces, structure });
    }
    this.segments = this.regions.map((region) => region.pieces);
  }

  render(translations: readonly string[]): string {
    if (translations.length !== this.regions.length) {
      throw new Error(`Expected ${this.regions.length} translations, got ${translations.length}.`);
    }
    let output = '';
    let cursor = 0;
    this.regions.forEach((region, index) => {
      output += this.source.slice(cursor, region.start) + this.write(region, translations[index]);
      cursor = region.end;
    });
    return output + this.source.slice(cursor);
  }

  private write(region: StringRegion, translation: string | undefined): string {
    if (translation === undefined || translation === region.decoded) {
      return this.source.slice(region.start, region.end);
    }
    if (region.structure === undefined) return JSON.stringify(translation);
    const message = rebuildTranslation(translation, region.pieces, {
      text: escapeIcuApostrophe,
      keep: (i) => region.pieces[i]?.text ?? '',
    });
    if (icuStructure(message) !== region.structure) {
      throw new PermanentItemError(
        'placeholder_mismatch',
        `The translation of "${region.path}" changes its ICU message structure (arguments, plural or select cases).`,
      );
    }
    return JSON.stringify(message);
  }
}

export const jsonFormat: TextFormat = {
  id: 'json',
  extensions: ['.json'],
  version: 1,
  parse: (source: string): ParsedDocument => new JsonDocument(source),
};
