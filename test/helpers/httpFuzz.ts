import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';

/** One generated request. `path` is sent as is: no URL normalisation, so `..` and bad escapes reach the server. */
export interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface FuzzTargets {
  /** An existing source container (so some POSTs get past the existence check). */
  source: string;
  /** Ids of existing jobs. */
  jobIds: string[];
}

type Random = () => number;

/** encodeURIComponent throws on lone surrogates; send their (invalid) UTF-8 escape instead. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number): boolean => random() < p;

const HOSTILE_STRINGS = [
  '',
  ' ',
  '..',
  '../',
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e/',
  './',
  '/',
  '//',
  'a/../../b',
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '😀',
  '\ud800',
  'ﷺ'.repeat(50),
  'Ω≈ç√∫',
  "' or 1 eq 1 or '",
  "' or PartitionKey ne '",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'x'.repeat(5000),
  'NaN',
  '-1',
  '1e309',
  'null',
  'true',
  '__proto__',
  'constructor',
];

function hostileValue(random: Random, depth = 0): unknown {
  const roll = random();
  if (roll < 0.35) return pick(random, HOSTILE_STRINGS);
  if (roll < 0.45) return pick(random, [0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2]);
  if (roll < 0.5) return pick(random, [true, false, null]);
  if (roll < 0.7 && depth < 3)
    return Array.from({ length: Math.floor(random() * 4) }, () => hostileValue(random, depth + 1));
  if (roll < 0.85 && depth < 3) return { [pick(random, HOSTILE_STRINGS)]: hostileValue(random, depth + 1) };
  const codePoint = () => {
    const c = Math.floor(random() * 0x110000);
    return c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
  };
  return String.fromCodePoint(...Array.from({ length: 1 + Math.floor(random() * 20) }, codePoint));
}

/** Target containers of the generated submissions (for cleaning up). */
export const FUZZ_TARGETS = [0, 1, 2, 3, 4].map((i) => `fuzz-out-${i}`);

function validJobBody(targets: FuzzTargets, random: Random): Record<string, unknown> {
  return {
    source_container: targets.source,
    target_container: pick(random, FUZZ_TARGETS),
    target_languages: ['es'],
  };
}

const JOB_FIELDS = [
  'source_container',
  'target_container',
  'target_languages',
  'target_language',
  'source_language',
  'prefix',
  'extensions',
  'callback_url',
];

function jobBody(targets: FuzzTargets, random: Random): { body: Buffer; contentType?: string } {
  const roll = random();
  if (roll < 0.2) {
    // Not JSON, or JSON that is not an object.
    const text = pick(random, [
      '',
      '{',
      '}',
      '{"source_container":',
      'null',
      '[]',
      '"a string"',
      '42',
      '{"a":1,}',
      "{'single':'quotes'}",
      '\ufeff{"source_container":"x"}',
      '['.repeat(20_000),
      '{"a":'.repeat(5000),
      'NaN',
      '\u0000\u0001\u0002',
    ]);
    return { body: Buffer.from(text, 'utf8') };
  }
  if (roll < 0.25) {
    // Invalid UTF-8 bytes.
    return { body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0xff, 0xfe, 0x7d]) };
  }
  if (roll < 0.29) {
    // Over the 64 KiB API limit, and now and then over the runtime's 1 MiB read limit.
    const size = chance(random, 0.25)
      ? 1_200_000 + Math.floor(random() * 500_000)
      : 70_000 + Math.floor(random() * 100_000);
    const body = JSON.stringify({ ...validJobBody(targets, random), prefix: 'p'.repeat(size) });
    return { body: Buffer.from(body, 'utf8') };
  }
  const body: Record<string, unknown> = validJobBody(targets, random);
  const mutations = 1 + Math.floor(random() * 3);
  for (let i = 0; i < mutations; i++) {
    const field = chance(random, 0.9) ? pick(random, JOB_FIELDS) : pick(random, HOSTILE_STRINGS);
    const kind = random();
    if (kind < 0.15) delete body[field];
    else if (field === 'prefix' && kind < 0.6) body.prefix = pick(random, HOSTILE_STRINGS.slice(0, 24));
    else if (field === 'callback_url' && kind < 0.6)
      body.callback_url = pick(random, [
        'javascript:alert(1)',
        'file:///etc/passwd',
        'http://169.254.169.254/latest/meta-data',
        'https://example.invalid/' + 'a'.repeat(3000),
        'ftp://x',
        'https://[::1]:99999/',
      ]);
    else if (field === 'source_container' && kind < 0.4)
      body.source_container = `missing-${Math.floor(random() * 1000)}`;
    else body[field] = hostileValue(random);
  }
  const text = JSON.stringify(body);
  return {
    body: Buffer.from(text, 'utf8'),
    ...(chance(random, 0.1)
      ? {
          contentType: pick(random, ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', '']),
        }
      : {}),
  };
}

function hostileId(targets: FuzzTargets, random: Random): string {
  return pick(random, [
    () => randomUUIDFrom(random),
    () => pick(random, targets.jobIds),
    () => pick(random, targets.jobIds).toUpperCase(),
    () => '..',
    () => '..%2F..%2Fhealth',
    () => '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    () => '%00',
    () => '%',
    () => '%zz',
    () => '%C3%28',
    () => '%F0%9F%98%80',
    () => '%ED%A0%80',
    () => 'a'.repeat(5000),
    () => encode("' or 1 eq 1 or '"),
    () => encode(pick(random, HOSTILE_STRINGS)),
    () => `${pick(random, targets.jobIds)}%20`,
    () => `${pick(random, targets.jobIds)};drop`,
    () => randomUUID().replace(/-/g, ''),
  ])();
}

function randomUUIDFrom(random: Random): string {
  const hex = () => Math.floor(random() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}

function hostileQuery(random: Random): string {
  const params: string[] = [];
  if (chance(random, 0.5))
    params.push(
      `status=${encode(pick(random, ['queued', 'succeeded', 'completed', 'failed', 'nope', '', 'QUEUED', ...HOSTILE_STRINGS.slice(0, 12)]))}`,
    );
  if (chance(random, 0.5))
    params.push(
      `limit=${encode(pick(random, ['1', '100', '1000', '1001', '0', '-5', '1e2', '0x10', ' 5', '99999999999999999999', 'abc', '']))}`,
    );
  if (chance(random, 0.5)) {
    const token = pick(random, [
      () => 'abc',
      () => '!!!',
      () => 'x'.repeat(5000),
      () => Buffer.from('not json').toString('base64url'),
      () =>
        Buffer.from(
          JSON.stringify({
            nextPartitionKey: pick(random, HOSTILE_STRINGS),
            nextRowKey: pick(random, HOSTILE_STRINGS),
          }),
        ).toString('base64url'),
      () =>
        Buffer.from(JSON.stringify({ nextPartitionKey: pick(random, HOSTILE_STRINGS) })).toString(
          'base64url',
        ),
      () => Buffer.from(JSON.stringify({ nextPartitionKey: 1, extra: true })).toString('base64url'),
      () =>
        Buffer.from(
          JSON.stringify({
            nextPartitionKey: '1!8!' + Buffer.from(pick(random, HOSTILE_STRINGS)).toString('base64'),
            nextRowKey: 'NA',
          }),
        ).toString('base64url'),
    ])();
    params.push(`continuation=${encode(token)}`);
  }
  if (chance(random, 0.1)) params.push('status=failed&status=queued');
  if (chance(random, 0.1))
    params.push(`${encode(pick(random, HOSTILE_STRINGS))}=${encode(pick(random, HOSTILE_STRINGS))}`);
  return params.length > 0 ? `?${params.join('&')}` : '';
}

/** `count` requests spread over every route, the same list for the same seed. */
export function generateRequests(random: Random, targets: FuzzTargets, count: number): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.3) {
      const { body, contentType } = jobBody(targets, random);
      const headers: Record<string, string> = { 'Content-Type': contentType ?? 'application/json' };
      if (chance(random, 0.15))
        headers['Idempotency-Key'] = pick(random, [
          'k',
          'same-key',
          'x'.repeat(300),
          'with space',
          '\t',
          randomUUID(),
        ]);
      requests.push({ route: 'POST /api/jobs', method: 'POST', path: '/api/jobs', headers, body });
    } else if (roll < 0.42) {
      requests.push({ route: 'GET /api/jobs', method: 'GET', path: `/api/jobs${hostileQuery(random)}` });
    } else if (roll < 0.57) {
      requests.push({
        route: 'GET /api/jobs/{id}',
        method: 'GET',
        path: `/api/jobs/${hostileId(targets, random)}`,
      });
    } else if (roll < 0.62) {
      requests.push({
        route: 'DELETE /api/jobs/{id}',
        method: 'DELETE',
        path: `/api/jobs/${hostileId(targets, random)}`,
      });
    } else if (roll < 0.67) {
      const body = pick(random, [
        '',
        '{}',
        '{"include_cancelled":true}',
        '{"include_cancelled":"yes"}',
        '{"other":1}',
        'null',
        '[]',
        '"x"',
        '{',
        `{"include_cancelled":${'['.repeat(5000)}`,
        'x'.repeat(70 * 1024),
      ]);
      requests.push({
        route: 'POST /api/jobs/{id}/retry',
        method: 'POST',
        path: `/api/jobs/${hostileId(targets, random)}/retry`,
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from(body),
      });
    } else if (roll < 0.82) {
      requests.push({
        route: 'GET /api/jobs/{id}/files',
        method: 'GET',
        path: `/api/jobs/${hostileId(targets, random)}/files${hostileQuery(random)}`,
      });
    } else if (roll < 0.87) {
      requests.push({
        route: 'GET /api/health',
        method: 'GET',
        path: `/api/health${chance(random, 0.3) ? hostileQuery(random) : ''}`,
      });
    } else {
      const method = pick(random, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
      const path = pick(random, [
        '/',
        '/api',
        '/api/',
        '/api/jobs/x/y/z',
        '//api//jobs',
        '/api/../api/health',
        '/API/JOBS',
        '/api/health/../jobs',
        '/api/jobs/%2e%2e',
        '/%00',
        '/api/admin',
        `/api/${encode(pick(random, HOSTILE_STRINGS))}`,
        `/${'a/'.repeat(500)}`,
        '/api/jobs?' + 'a=1&'.repeat(1000),
      ]);
      requests.push({
        route: 'unknown route or method',
        method,
        path,
        ...(method === 'POST' || method === 'PUT' || method === 'PATCH'
          ? { body: Buffer.from('{"x":1}') }
          : {}),
      });
    }
  }
  return requests;
}

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
