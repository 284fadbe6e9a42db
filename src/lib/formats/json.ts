import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { PermanentItemError } from '../errors.js';
import type { Piece, SegmentPieces } from '../translation/translator.js';
import type { ParsedDocument, TextFormat } from './format.js';
import { escapeIcuApostrophe, icuStructure, messagePieces } from './messagePieces.js';
import { hasLetters, rebuildTranslation } from './pieceMatching.js';
import { applyEdits, type SourceEdit } from './splice.js';

/**
 * JSON i18n resources (flat or nested i18next / react-intl / vue-i18n files, Chrome `messages.json`,
 * formatjs extracted descriptors, ARB, Angular's JSON, Transifex structured JSON). Only string values are
 * translated, never keys. Each value is decoded from its JSON escapes; placeholders (the catalogue in
 * placeholders.ts) and ICU structure are keep pieces (see messagePieces).
 *
 * Not translated:
 * - values under a key starting with `$` or `@` (`$schema`, `$comment`, `@metadata`, ARB `@key` metadata
 *   and `@@locale`/`@@author` …);
 * - tool directives: Smartling's `"smartling"` object (`translate_paths`, `placeholder_format_custom` …),
 *   comment keys (`"//"`, `"_comment"`, `"__comment"`), Angular's top-level `"locale"` next to its
 *   `"translations"`;
 * - in message descriptor objects, everything but the message: formatjs / Chrome (`message` or
 *   `defaultMessage` with `description`, `placeholders`, `id`) and Transifex structured JSON (`string` with
 *   `context`, `developer_comment`, `character_limit`): notes for translators, examples and limits;
 * - values with no letters outside placeholders, and values that are a URL, e-mail address, path, file
 *   name or hex colour.
 *
 * ARB's `@@locale` and Angular's `locale` name the file's language, so they are set to the target.
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

/** Message descriptor shapes: the message key, and the keys that may sit beside it. */
const DESCRIPTORS: readonly { message: ReadonlySet<string>; others: ReadonlySet<string> }[] = [
  {
    message: new Set(['message', 'defaultMessage']),
    others: new Set(['description', 'placeholders', 'id']),
  },
  { message: new Set(['string']), others: new Set(['context', 'developer_comment', 'character_limit']) },
];
/** Keys whose values direct a tool or annotate the file: never text for readers. */
const DIRECTIVE_KEYS = new Set(['smartling', '//', '_comment', '__comment', '_comments']);

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

/** The descriptor message keys of an object that is a message descriptor, else undefined. */
function descriptorMessageKeys(properties: readonly Node[]): ReadonlySet<string> | undefined {
  const keys = properties.map(keyOf);
  return DESCRIPTORS.find(
    ({ message, others }) =>
      properties.some((p) => message.has(keyOf(p)) && p.children?.[1]?.type === 'string') &&
      keys.every((key) => message.has(key) || others.has(key)),
  )?.message;
}

/** A file's own language, named by ARB (`"@@locale"`) or Angular's JSON (`"locale"` beside `"translations"`). */
function localeValue(root: Node): Node | undefined {
  if (root.type !== 'object') return undefined;
  const properties = root.children ?? [];
  const value = (key: string) => properties.find((p) => keyOf(p) === key)?.children?.[1];
  const arb = value('@@locale');
  if (arb?.type === 'string') return arb;
  const angular = value('locale');
  return angular?.type === 'string' && value('translations')?.type === 'object' ? angular : undefined;
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
      const messageKeys = descriptorMessageKeys(properties);
      const topLevel = node === root;
      for (const property of properties) {
        const key = keyOf(property);
        const value = property.children?.[1];
        const directive =
          /^[$@]/.test(key) || DIRECTIVE_KEYS.has(key) || (topLevel && value === localeValue(root));
        if (!value || directive || (messageKeys && !messageKeys.has(key))) continue;
        children.push({ node: value, path: path === '' ? key : `${path}.${key}` });
      }
    }
    stack.push(...children.reverse());
  }
  return found;
}

class JsonDocument implements ParsedDocument {
  readonly segments: SegmentPieces[];
  readonly keys: string[];
  readonly regions: StringRegion[] = [];
  private readonly fixedEdits: SourceEdit[] = [];

  constructor(
    private readonly source: string,
    targetLanguage: string,
  ) {
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
    this.keys = this.regions.map((region) => region.path);
    const locale = localeValue(root);
    if (locale && locale.value !== targetLanguage) {
      const start = bom + locale.offset;
      this.fixedEdits.push({ start, end: start + locale.length, text: JSON.stringify(targetLanguage) });
    }
  }

  render(translations: readonly string[]): string {
    if (translations.length !== this.regions.length) {
      throw new Error(`Expected ${this.regions.length} translations, got ${translations.length}.`);
    }
    const edits = this.regions.map((region, index) => ({
      start: region.start,
      end: region.end,
      text: this.write(region, translations[index]),
    }));
    return applyEdits(this.source, [...this.fixedEdits, ...edits]);
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
  version: 3,
  sameSegmentsForEveryTarget: true,
  parse: (source, context): ParsedDocument => new JsonDocument(source, context.targetLanguage),
  // An ICU message's apostrophes are escaped when written, so its decoded value is not its translation:
  // such values are left out rather than mistaken for edits.
  readUnits: (target) =>
    new JsonDocument(target, '').regions
      .filter((region) => region.structure === undefined || !region.decoded.includes("'"))
      .map((region) => [region.path, region.decoded]),
};
