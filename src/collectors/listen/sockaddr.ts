// sockaddr_in / sockaddr_in6 as bytes, for the koffi socket calls. Pure: tested on every
// OS. The layouts are the same on Linux and Windows except the AF_INET6 number; the
// family is host byte order (little-endian on x64/arm64), the port network byte order.
import { isIPv4, isIPv6 } from 'node:net';

const AF_INET = 2;
const AF_INET6: Record<'linux' | 'windows', number> = { linux: 10, windows: 23 };
export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;

export type Family = 4 | 6;

export function familyOf(address: string): Family {
  if (isIPv4(address)) return 4;
  if (isIPv6(address)) return 6;
  throw new Error(`not an IP literal: ${address}`);
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
