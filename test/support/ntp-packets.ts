// Exchanges built by hand for the pure tests: a request at a chosen local time, a server
// with a chosen clock offset, one-way delays and processing time, and header fields.
import { unixNsToNtp } from '../../src/collectors/ntp/packet';
import type { Exchange } from '../../src/collectors/ntp/types';

export interface ReplySpec {
  /** True offset of the server's clock from the local wall clock, ns. */
  offsetNs?: bigint;
  /** Request path and reply path, ns. */
  outboundNs?: bigint;
  inboundNs?: bigint;
  /** T3 - T2 on the server, ns. */
  processingNs?: bigint;
  /** Width of the wall read's bracket, ns. */
  widthNs?: number;
  leap?: number;
  version?: number;
  mode?: number;
  stratum?: number;
  /** Four raw bytes. */
  referenceId?: Buffer;
  rootDelay?: number;
  rootDispersion?: number;
  /** Overrides of the raw timestamps. */
  originate?: bigint;
  receive?: bigint;
  transmit?: bigint;
}

export const NONCE = 0x0123456789abcdefn;
/** Local wall time at the send: 2023-11-14T22:13:20Z. */
export const T1_UNIX_NS = 1_700_000_000_000_000_000n;
const SENT_MONO_NS = 5_000_000_000n;

export function replyExchange(spec: ReplySpec = {}): Extract<Exchange, { kind: 'reply' }> {
  const offset = spec.offsetNs ?? 0n;
  const outbound = spec.outboundNs ?? 200_000n;
  const inbound = spec.inboundNs ?? 200_000n;
  const processing = spec.processingNs ?? 50_000n;
  const t2 = T1_UNIX_NS + outbound + offset;
  const t3 = t2 + processing;
  const receivedMonoNs = SENT_MONO_NS + outbound + processing + inbound;
  const packet = Buffer.alloc(48);
  packet.writeUInt8(((spec.leap ?? 0) << 6) | ((spec.version ?? 4) << 3) | (spec.mode ?? 4), 0);
  packet.writeUInt8(spec.stratum ?? 2, 1);
  packet.writeInt8(-20, 3);
  packet.writeUInt32BE(Math.round((spec.rootDelay ?? 0.01) * 65536), 4);
  packet.writeUInt32BE(Math.round((spec.rootDispersion ?? 0.002) * 65536), 8);
  (spec.referenceId ?? Buffer.from([192, 0, 2, 1])).copy(packet, 12);
  packet.writeBigUInt64BE(spec.originate ?? NONCE, 24);
  packet.writeBigUInt64BE(spec.receive ?? unixNsToNtp(t2), 32);
  packet.writeBigUInt64BE(spec.transmit ?? unixNsToNtp(t3), 40);
  // The wall clock is read 30 us after the reply arrived, pinned to the bracket's middle.
  const wallMonoNs = receivedMonoNs + 30_000n;
  const wallNs = T1_UNIX_NS + (wallMonoNs - SENT_MONO_NS);
  return {
    kind: 'reply',
    packet,
    nonce: NONCE,
    sentMonoNs: SENT_MONO_NS,
    receivedMonoNs,
    wall: { wallNs, monoNs: wallMonoNs, widthNs: spec.widthNs ?? 300 },
  };
}

/** A kiss-o'-death: leap 3, stratum 0, the code as the Reference ID. */
export function kissExchange(code: string): Exchange {
  return replyExchange({ leap: 3, stratum: 0, referenceId: Buffer.from(code.padEnd(4, '\0'), 'latin1') });
}
