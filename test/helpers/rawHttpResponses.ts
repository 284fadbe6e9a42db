/**
 * Whole HTTP/1.1 responses read off a raw socket, for tests that must control the bytes a client sends
 * (pipelining, half-sent bodies) and so cannot use fetch.
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';

/** The body of a response whose head is parsed: Content-Length or chunked framing; undefined until complete. */
function framedBody(head: string, rest: Buffer): { body: string; used: number } | undefined {
  if (!/^transfer-encoding:\s*chunked/im.test(head)) {
    const length = Number(/^content-length:\s*(\d+)/im.exec(head)?.[1] ?? '0');
    return rest.length < length
      ? undefined
      : { body: rest.subarray(0, length).toString('utf8'), used: length };
  }
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
    if (rest.length < lineEnd + 2 + size + 2) return undefined;
    chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
    if (size === 0) return { body: Buffer.concat(chunks).toString('utf8'), used: at };
  }
}

/** Reads whole HTTP/1.1 responses off a raw socket, one at a time. */
export function responseReader(socket: Socket): () => Promise<{ head: string; body: string }> {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (buffered = Buffer.concat([buffered, chunk])));
  return async () => {
    for (;;) {
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd >= 0) {
        const head = buffered.subarray(0, headEnd).toString('latin1');
        const framed = framedBody(head, buffered.subarray(headEnd + 4));
        if (framed) {
          buffered = buffered.subarray(headEnd + 4 + framed.used);
          return { head, body: framed.body };
        }
      }
      const closed = await Promise.race([
        once(socket, 'data').then(() => false),
        once(socket, 'close').then(() => true),
      ]);
      if (closed) throw new Error('the server closed the connection before a whole response');
    }
  };
}
