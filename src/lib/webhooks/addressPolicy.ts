/**
 * Which IP addresses a completion webhook may be sent to. Only public unicast addresses are allowed; loopback
 * only when the development setting ALLOW_HTTP_LOOPBACK_CALLBACKS is on. IPv6 forms that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by the embedded address.
 */
import { isIP } from 'node:net';

export type AddressClass =
  'public' | 'loopback' | 'private' | 'link_local' | 'unspecified' | 'multicast' | 'reserved' | 'invalid';

type Range4 = [base: number, bits: number, cls: AddressClass];

const v4 = (text: string): number => text.split('.').reduce((n, part) => n * 256 + Number(part), 0);

// Most specific first is not needed: the ranges do not overlap.
const IPV4_RANGES: Range4[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'private'], // carrier-grade NAT
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link_local'], // includes the cloud metadata address 169.254.169.254
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments
  [v4('192.0.2.0'), 24, 'reserved'], // documentation
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'], // benchmarking
  [v4('198.51.100.0'), 24, 'reserved'], // documentation
  [v4('203.0.113.0'), 24, 'reserved'], // documentation
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'], // includes 255.255.255.255
];

function classifyV4Number(n: number): AddressClass {
  for (const [base, bits, cls] of IPV4_RANGES) {
    const size = 2 ** (32 - bits);
    if (n >= base && n < base + size) return cls;
  }
  return 'public';
}

/** The 16 bytes of an IPv6 address (any textual form, including a trailing dotted IPv4 part). */
function ipv6Bytes(text: string): number[] | undefined {
  let address = text.split('%')[0] ?? '';
  // A trailing dotted IPv4 part becomes its two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) {
    if (isIP(dotted[1]) !== 4) return undefined;
    const n = v4(dotted[1]);
    address = `${address.slice(0, -dotted[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  let all = head;
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 0) return undefined;
    all = [...head, ...Array<string>(missing).fill('0'), ...rest];
  }
  if (all.length !== 8) return undefined;
  const bytes: number[] = [];
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 255);
  }
  return bytes;
}

const v4FromBytes = (b: number[], at: number): number =>
  (b[at] ?? 0) * 2 ** 24 + (b[at + 1] ?? 0) * 65536 + (b[at + 2] ?? 0) * 256 + (b[at + 3] ?? 0);

function classifyV6(bytes: number[]): AddressClass {
  const zeroUpTo = (n: number) => bytes.slice(0, n).every((b) => b === 0);
  if (zeroUpTo(16)) return 'unspecified';
  if (zeroUpTo(15) && bytes[15] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d
  if (zeroUpTo(10) && bytes[10] === 0xff && bytes[11] === 0xff)
    return classifyV4Number(v4FromBytes(bytes, 12));
  if (zeroUpTo(12)) return classifyV4Number(v4FromBytes(bytes, 12));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = bytes;
  // NAT64 64:ff9b::/96 and 6to4 2002::/16 reach an embedded IPv4 address.
  if (b0 === 0 && b1 === 0x64 && b2 === 0xff && b3 === 0x9b) return classifyV4Number(v4FromBytes(bytes, 12));
  if (b0 === 0x20 && b1 === 0x02) return classifyV4Number(v4FromBytes(bytes, 2));
  if ((b0 & 0xfe) === 0xfc) return 'private'; // fc00::/7 unique local
  if (b0 === 0xfe && (b1 & 0xc0) === 0x80) return 'link_local'; // fe80::/10
  if (b0 === 0xfe && (b1 & 0xc0) === 0xc0) return 'private'; // fec0::/10 site-local (deprecated)
  if (b0 === 0xff) return 'multicast';
  if (b0 === 0x20 && b1 === 0x01 && b2 === 0x0d && b3 === 0xb8) return 'reserved'; // documentation
  if (b0 === 0x01 && b1 === 0x00 && bytes.slice(2, 8).every((b) => b === 0)) return 'reserved'; // discard
  return 'public';
}

/** Classifies an IP address given as text (IPv6 with or without brackets). */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return classifyV4Number(v4(bare));
  if (family === 6) {
    const bytes = ipv6Bytes(bare);
    return bytes ? classifyV6(bytes) : 'invalid';
  }
  return 'invalid';
}

/** Why an address may not receive webhooks, or undefined when it may. */
export function forbiddenReason(address: string, options: { allowLoopback: boolean }): string | undefined {
  const cls = classifyAddress(address);
  if (cls === 'public') return undefined;
  if (cls === 'loopback' && options.allowLoopback) return undefined;
  return `${address} is a ${cls.replace('_', '-')} address`;
}
