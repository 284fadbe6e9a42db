/** Values and query strings chosen to break a parser or a storage key: the HTTP fuzzer's raw material. */
export type Random = () => number;

/** encodeURIComponent throws on lone surrogates; send their (invalid) UTF-8 escape instead. */
export function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
export const chance = (random: Random, p: number): boolean => random() < p;

export const HOSTILE_STRINGS = [
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

export function hostileValue(random: Random, depth = 0): unknown {
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

export function randomUUIDFrom(random: Random): string {
  const hex = () => Math.floor(random() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}

export function hostileQuery(random: Random): string {
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
