// sockaddr_in / sockaddr_in6 as bytes, for the koffi socket calls. Pure: tested on every
// OS. The layouts are the same on Linux and Windows except the AF_INET6 number; the
// family is host byte order (little-endian on x64/arm64), the port network byte order.
//
// No node:net here: this module runs in the probe worker, where node:net would load five
// more modules (about 90 KB of its heap) for isIPv4 alone. The address was validated as
// an IP literal on the main thread (config.ts, with node:net); familyOf only tells the
// two kinds apart and still refuses what is neither.

const AF_INET = 2;
const AF_INET6: Record<'linux' | 'windows', number> = { linux: 10, windows: 23 };
export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;

export type Family = 4 | 6;

const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** 4 or 6 as node:net's isIPv4 / isIPv6 say, for addresses without a zone ("%eth0"). */
export function familyOf(address: string): Family {
  if (IPV4.test(address)) return 4;
  if (isIpv6Literal(address)) return 6;
  throw new Error(`not an IP literal: ${address}`);
}

/** Eight hex groups, or fewer around one "::"; a dotted IPv4 tail counts as two groups. */
function isIpv6Literal(address: string): boolean {
  const v4Tail = /^(.*:)([^:]*\.[^:]*)$/.exec(address);
  if (v4Tail && !IPV4.test(v4Tail[2] ?? '')) return false;
  const text = v4Tail ? `${v4Tail[1]}0:0` : address;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => HEX_GROUP.test(group))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/** Where the probe's client connects: the wildcard is reached through loopback. */
export function connectAddress(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (familyOf(address) === 6 && ipv6Bytes(address).every((b) => b === 0)) return '::1';
  return address;
}

export function encodeSockaddr(platform: 'linux' | 'windows', address: string, port: number): Buffer {
  if (familyOf(address) === 4) {
    const buf = Buffer.alloc(SOCKADDR_IN_SIZE);
    buf.writeUInt16LE(AF_INET, 0);
    buf.writeUInt16BE(port, 2);
    address.split('.').forEach((octet, i) => buf.writeUInt8(Number(octet), 4 + i));
    return buf;
  }
  const buf = Buffer.alloc(SOCKADDR_IN6_SIZE);
  buf.writeUInt16LE(AF_INET6[platform], 0);
  buf.writeUInt16BE(port, 2);
  ipv6Bytes(address).copy(buf, 8);
  return buf;
}

/** The port of an encoded sockaddr_in or sockaddr_in6. */
export function decodePort(sockaddr: Buffer): number {
  return sockaddr.readUInt16BE(2);
}

/** 16 bytes of an IPv6 literal, with "::" expanded and an embedded IPv4 tail handled. */
export function ipv6Bytes(address: string): Buffer {
  let text = address;
  const v4Tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4Tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parts = (s: string) => (s === '' ? [] : s.split(':'));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const buf = Buffer.alloc(16);
  groups.forEach((g, i) => buf.writeUInt16BE(parseInt(g, 16), i * 2));
  return buf;
}
