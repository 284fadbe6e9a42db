import { extname } from 'node:path/posix';

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
  '.po': 'text/x-gettext-translation; charset=utf-8',
  '.pot': 'text/x-gettext-translation; charset=utf-8',
  '.xlf': 'application/xliff+xml; charset=utf-8',
  '.xliff': 'application/xliff+xml; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
};

/** Binary documents a provider may translate whole (Azure's document:translate), by extension. */
export const DOCUMENT_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.msg': 'application/vnd.ms-outlook',
  '.mhtml': 'message/rfc822',
  '.mht': 'message/rfc822',
};

/** Keeps the source's declared type when it has one; otherwise infers it from the name (UTF-8 text by default). */
export function contentTypeFor(path: string, declared?: string): string {
  if (declared && declared !== 'application/octet-stream') return declared;
  const ext = extname(path).toLowerCase();
  return TEXT_CONTENT_TYPES[ext] ?? DOCUMENT_CONTENT_TYPES[ext] ?? 'text/plain; charset=utf-8';
}
