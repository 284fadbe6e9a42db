import { extname } from 'node:path/posix';

/** Extensions whose content is binary: sent to a text translator they would only produce garbage. */
const BINARY_EXTENSIONS = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.ico',
  '.bmp',
  '.tif',
  '.tiff',
  '.pdf',
  '.zip',
  '.gz',
  '.tgz',
  '.7z',
  '.rar',
  '.exe',
  '.dll',
  '.so',
  '.bin',
  '.mp3',
  '.mp4',
  '.mov',
  '.wav',
  '.ogg',
  '.woff',
  '.woff2',
  '.ttf',
  '.otf',
  '.docx',
  '.pptx',
  '.xlsx',
  '.doc',
  '.ppt',
  '.xls',
  '.odt',
  '.jar',
  '.class',
  '.wasm',
]);

const TEXT_CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
};

export const isBinaryExtension = (path: string): boolean =>
  BINARY_EXTENSIONS.has(extname(path).toLowerCase());

/** Keeps the source's declared type when it has one; otherwise infers a UTF-8 text type from the name. */
export function contentTypeFor(path: string, declared?: string): string {
  if (declared && declared !== 'application/octet-stream') return declared;
  return TEXT_CONTENT_TYPES[extname(path).toLowerCase()] ?? 'text/plain; charset=utf-8';
}
