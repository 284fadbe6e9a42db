import type { Readable } from 'node:stream';

export const TOO_LARGE = 'too_large';

/**
 * Reads a request body of at most `limit` bytes. A longer one is still read to its end, its bytes dropped, as
 * long as it stays under `drainLimit`: the 413 that follows must find the connection drained, because closing
 * a socket with unread bytes makes the kernel reset it, and a client still sending (or one that reads only
 * once it has sent everything) loses the answer and sees "fetch failed" instead. Past `drainLimit` reading
 * stops, leaving the caller to answer and close.
 */
export async function readBody(
  request: Readable,
  limit: number,
  drainLimit: number,
): Promise<Buffer | typeof TOO_LARGE> {
  const chunks: Buffer[] = [];
  let size = 0;
  // destroyOnReturn: false, so leaving the loop early pauses the request instead of destroying its socket.
  for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > drainLimit) return TOO_LARGE;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? TOO_LARGE : Buffer.concat(chunks);
}
