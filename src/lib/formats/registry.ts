import { extname } from 'node:path/posix';
import { PermanentItemError, describeError } from '../errors.js';
import type { FormatContext, ParsedDocument, TextFormat } from './format.js';
import { gettextFormat } from './gettext.js';
import { htmlFormat } from './html.js';
import { jsonFormat } from './json.js';
import { protectLinks } from './links.js';
import { markdownFormat } from './markdown.js';
import { plainTextFormat } from './plainText.js';
import { srtFormat, vttFormat } from './subtitles.js';
import { xliffFormat } from './xliff.js';

/**
 * A format as the pipeline uses it. Its parse never fails in an unplanned way: whatever a parser throws on a
 * file (a library's own error, a RangeError from input nested deeper than the stack) says something about the
 * file, not about a moment, so it becomes a permanent `invalid_document` with the reason instead of a retried
 * attempt. And in every format, URLs and e-mail addresses in the text are protected (see protectLinks).
 */
/**
 * The registry's own rules (protectLinks) are part of every format's rules, so they count in every format's
 * version, in the hundreds: bump it when they change what is translated.
 */
const REGISTRY_RULES_VERSION = 1;

export function guardedFormat(format: TextFormat): TextFormat {
  const parse = (source: string, context: FormatContext): ParsedDocument =>
    guarded(() => format.parse(source, context));
  const guarded = <T>(step: () => T): T => {
    try {
      return step();
    } catch (error) {
      if (error instanceof PermanentItemError) throw error;
      const reason = error instanceof RangeError ? 'it is nested too deeply' : describeError(error);
      throw new PermanentItemError('invalid_document', `The file cannot be read as ${format.id}: ${reason}.`);
    }
  };
  return {
    ...format,
    version: format.version + 100 * REGISTRY_RULES_VERSION,
    parse(source, context) {
      const document = parse(source, context);
      // Computed when read: the worker's render step parses again only to render, and never reads them.
      let segments: ParsedDocument['segments'] | undefined;
      return {
        get segments() {
          return (segments ??= protectLinks(document.segments));
        },
        ...(document.keys ? { keys: document.keys } : {}),
        render: (translations) => document.render(translations),
        ...(document.spans ? { spans: document.spans } : {}),
      };
    },
    ...(format.readUnits
      ? { readUnits: (target: string) => guarded(() => format.readUnits?.(target) ?? []) }
      : {}),
  };
}

export const TEXT_FORMATS: readonly TextFormat[] = [
  plainTextFormat,
  markdownFormat,
  htmlFormat,
  jsonFormat,
  gettextFormat,
  xliffFormat,
  srtFormat,
  vttFormat,
].map(guardedFormat);

const byExtension = new Map(TEXT_FORMATS.flatMap((format) => format.extensions.map((ext) => [ext, format])));

export const extensionOf = (path: string): string => extname(path).toLowerCase();

export const textFormatFor = (path: string): TextFormat | undefined => byExtension.get(extensionOf(path));

/** Every extension translated, text formats first, then what the provider translates as whole documents. */
export const supportedExtensions = (documentExtensions: readonly string[] = []): string[] => [
  ...byExtension.keys(),
  ...documentExtensions.filter((ext) => !byExtension.has(ext)),
];
