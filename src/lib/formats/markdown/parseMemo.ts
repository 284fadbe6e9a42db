import type { ParsedDocument } from '../format.js';

/** How many source characters the remembered documents may hold between them (about four 256 K parts). */
const MEMO_CHARS = 1024 * 1024;

/**
 * Documents parsed for their segments, kept until the same text is parsed again to render it. The worker
 * parses each part twice (a parsed document holds closures, so it cannot cross from the parse thread that
 * made it to the one that renders it), and parsing Markdown costs seconds per megabyte while everything else
 * the format does costs a tenth of that: when the render step runs on the thread that parsed the part, it
 * reuses that parse. A document is pure (its render depends only on the translations), so reusing it gives
 * the same output. An entry is dropped once used, and the oldest go first beyond MEMO_CHARS, so memory holds
 * at most a few parts whatever a thread parses.
 */
export class ParseMemo {
  private readonly documents = new Map<string, { document: ParsedDocument; chars: number }>();
  private chars = 0;

  constructor(private readonly limitChars = MEMO_CHARS) {}

  /** The document remembered under `key` (then forgotten), or the one `parse` makes (then remembered). */
  take(key: string, parse: () => ParsedDocument): ParsedDocument {
    const found = this.documents.get(key);
    if (found) {
      this.documents.delete(key);
      this.chars -= found.chars;
      return found.document;
    }
    const document = parse();
    if (key.length > this.limitChars) return document;
    this.documents.set(key, { document, chars: key.length });
    this.chars += key.length;
    for (const [oldest, entry] of this.documents) {
      if (this.chars <= this.limitChars) break;
      this.documents.delete(oldest);
      this.chars -= entry.chars;
    }
    return document;
  }
}
