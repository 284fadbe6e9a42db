/**
 * Cuts a streamed text into parts of about `targetChars` at places the format says are safe, so a large file
 * is parsed, translated and written one part at a time with memory bounded by the part size. A format
 * without `chunkBoundary` (or a file with no safe place, like one huge code block) yields one part.
 */
export async function* textParts(
  texts: AsyncIterable<string>,
  boundary: ((text: string) => number | Promise<number>) | undefined,
  targetChars: number,
): AsyncGenerator<string> {
  let buffer = '';
  let yielded = false;
  // Where to ask next: asking again before the buffer has grown by another part would rescan for nothing.
  let askAt = targetChars;
  for await (const text of texts) {
    buffer += text;
    if (!boundary || buffer.length < askAt) continue;
    const cut = await boundary(buffer);
    if (cut > 0 && cut < buffer.length) {
      yield buffer.slice(0, cut);
      yielded = true;
      buffer = buffer.slice(cut);
      askAt = targetChars;
    } else {
      askAt = buffer.length + targetChars;
    }
  }
  if (buffer.length > 0 || !yielded) yield buffer;
}
