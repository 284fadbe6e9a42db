import { randomUUID } from 'node:crypto';
import {
  chance,
  encode,
  hostileQuery,
  hostileValue,
  HOSTILE_STRINGS,
  pick,
  randomUUIDFrom,
  type Random,
} from './hostileValues.js';

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
