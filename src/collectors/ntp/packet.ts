// The NTP on-wire format (RFC 5905 section 7.3; SNTP is RFC 4330): a 48-byte client
// request, the decoding of a reply, and NTP timestamps to Unix nanoseconds. Pure.
import type { NtpPacket } from './types';

export const PACKET_BYTES = 48;
export const MODE_CLIENT = 3;
export const MODE_SERVER = 4;
export const VERSION = 4;

/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
const NTP_UNIX_SECONDS = 2_208_988_800n;
const ERA = 1n << 32n;
const NS = 1_000_000_000n;

/**
 * A client request (LI 0, VN 4, mode 3) whose Transmit Timestamp is a random nonce, not
 * the local time: the server echoes it as Originate, which ties the reply to this request
 * (RFC 5905 section 8's bogus-packet check), and the local clock is not disclosed.
 */
export function encodeRequest(nonce: bigint): Buffer {
  const packet = Buffer.alloc(PACKET_BYTES);
  packet.writeUInt8((0 << 6) | (VERSION << 3) | MODE_CLIENT, 0);
  packet.writeBigUInt64BE(BigInt.asUintN(64, nonce), 40);
  return packet;
}

/** Decodes a reply; undefined when it is shorter than an NTP header. */
export function decodePacket(buffer: Buffer): NtpPacket | undefined {
  if (buffer.length < PACKET_BYTES) return undefined;
  const first = buffer.readUInt8(0);
  return {
    leap: first >> 6,
    version: (first >> 3) & 0b111,
    mode: first & 0b111,
    stratum: buffer.readUInt8(1),
    precision: buffer.readInt8(3),
    rootDelaySeconds: buffer.readUInt32BE(4) / 65536,
    rootDispersionSeconds: buffer.readUInt32BE(8) / 65536,
    referenceId: Buffer.from(buffer.subarray(12, 16)),
    originate: buffer.readBigUInt64BE(24),
    receive: buffer.readBigUInt64BE(32),
    transmit: buffer.readBigUInt64BE(40),
  };
}

/**
 * An NTP timestamp (32.32 seconds since 1900, wrapping every 2^32 s: next in 2036) as
 * Unix nanoseconds, in the era that puts it nearest to a local time we trust to be
 * within 68 years (RFC 4330 section 3 does the same with the top bit).
 */
export function ntpToUnixNs(raw: bigint, nearUnixNs: bigint): bigint {
  const seconds = raw >> 32n;
  const fractionNs = ((raw & (ERA - 1n)) * NS + (1n << 31n)) >> 32n;
  const nearNtpSeconds = nearUnixNs / NS + NTP_UNIX_SECONDS;
  const era = roundDiv(nearNtpSeconds - seconds, ERA);
  return (seconds + era * ERA - NTP_UNIX_SECONDS) * NS + fractionNs;
}

/** Unix nanoseconds as a raw NTP timestamp (for the test server and fixtures). */
export function unixNsToNtp(unixNs: bigint): bigint {
  const ntpNs = unixNs + NTP_UNIX_SECONDS * NS;
  const seconds = ntpNs / NS;
  const fraction = ((ntpNs % NS) << 32n) / NS;
  return BigInt.asUintN(64, (seconds << 32n) | fraction);
}

function roundDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (2n * r >= b) return q + 1n;
  if (2n * r <= -b) return q - 1n;
  return q;
}

/**
 * The Reference ID as people read it: four ASCII characters for stratum 0 (a kiss code)
 * and 1 (GPS, PPS, LOCL, ...), otherwise the upstream server's IPv4 address (for an IPv6
 * upstream, the first four bytes of its MD5 hash, shown the same way as ntpq does).
 */
export function formatReferenceId(stratum: number, id: Buffer): string {
  if (stratum <= 1) {
    const text = id.toString('latin1').replace(/\0+$/, '');
    if (/^[\x20-\x7e]*$/.test(text)) return text;
    return `0x${id.toString('hex')}`;
  }
  return [...id].join('.');
}
