import { request as httpRequest, type Agent } from 'node:http';
import { connect } from 'node:net';
import type { FuzzRequest } from './httpFuzz.js';

export type FuzzResult = { status: number } | { error: string };

/** Sends one request exactly as given. Resolves with the status or the socket error, never rejects. */
export function send(base: URL, agent: Agent, fuzz: FuzzRequest, timeoutMs = 30_000): Promise<FuzzResult> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...(fuzz.headers ?? {}) };
    if (fuzz.body) headers['Content-Length'] = fuzz.body.length;
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: fuzz.method,
        path: fuzz.path,
        headers,
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.once('error', (error) => resolve({ error: error.message }));
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(fuzz.body);
  });
}

/** Bytes that are not HTTP at all, or break its rules; Node's parser must answer 4xx or close. */
export const RAW_GARBAGE: readonly Buffer[] = [
  Buffer.from('GARBAGE\r\n\r\n'),
  Buffer.from('GET /api/health HTTP/9.9\r\n\r\n'),
  Buffer.from('GET /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'),
  Buffer.from(
    'POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzzzzz',
  ),
  Buffer.from(`GET /api/jobs HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
  Buffer.from('GET /api/jobs/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
  Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]),
];

/** Writes raw bytes and reads the status line, if any. */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 10_000): Promise<FuzzResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (result: FuzzResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ error: 'timeout' }));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      if (match) done({ status: Number(match[1]) });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
    socket.once('close', () => done({ error: 'closed without response' }));
    socket.write(bytes);
  });
}
