import { extname } from 'node:path/posix';
import type { TextFormat } from './format.js';
import { gettextFormat } from './gettext.js';
import { htmlFormat } from './html.js';
import { jsonFormat } from './json.js';
import { markdownFormat } from './markdown.js';
import { plainTextFormat } from './plainText.js';
import { srtFormat, vttFormat } from './subtitles.js';
import { xliffFormat } from './xliff.js';

export const TEXT_FORMATS: readonly TextFormat[] = [
  plainTextFormat,
  markdownFormat,
  htmlFormat,
  jsonFormat,
  gettextFormat,
  xliffFormat,
  srtFormat,
  vttFormat,
];

const byExtension = new Map(TEXT_FORMATS.flatMap((format) => format.extensions.map((ext) => [ext, format])));

export const extensionOf = (path: string): string => extname(path).toLowerCase();

export const textFormatFor = (path: string): TextFormat | undefined => byExtension.get(extensionOf(path));

/** Every extension translated, text formats first, then what the provider translates as whole documents. */
export const supportedExtensions = (documentExtensions: readonly string[] = []): string[] => [
  ...byExtension.keys(),
  ...documentExtensions.filter((ext) => !byExtension.has(ext)),
];
