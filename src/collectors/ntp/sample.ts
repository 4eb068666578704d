// Judges one exchange and computes offset, delay and error bound from the four
// timestamps (RFC 5905 section 8). Pure: fed decoded packets and clock readings.
//
// T1 (sent) and T4 (received) are local wall times. They are not read at the moment of
// send and receive: the wall clock is read once, through the clock collector's
// narrowest (monotonic, wall, monotonic) bracket, and carried to both moments along the
// monotonic clock. So delay = (T4 - T1) - (T3 - T2) comes from the monotonic clock and
// a step of the wall clock during the exchange cannot corrupt it.
import { decodePacket, formatReferenceId, MODE_SERVER, ntpToUnixNs } from './packet';
import type { Exchange, NtpPacket, SampleResult, ServerState } from './types';

/** RFC 5905 figure 13: the kiss codes a server may send; anything else counts as "other". */
export const KISS_CODES = [
  'ACST',
  'AUTH',
  'AUTO',
  'BCST',
  'CRYP',
  'DENY',
  'DROP',
  'RSTR',
  'INIT',
  'MCST',
  'NKEY',
  'RATE',
  'RMOT',
  'STEP',
] as const;

const UNSYNCHRONIZED_LEAP = 3;
const MAX_STRATUM = 15;

type Reply = Extract<Exchange, { kind: 'reply' }>;
type Failure = Extract<SampleResult, { ok: false }>;

export function judgeExchange(exchange: Exchange): SampleResult {
  if (exchange.kind === 'timeout') return fail('timeout', 'no reply within the reply timeout');
  if (exchange.kind === 'network') return fail('network', `socket error ${exchange.code}`);
  const packet = decodePacket(exchange.packet);
  if (!packet) return fail('bad_reply', `reply of ${exchange.packet.length} bytes, shorter than 48`);
  const malformed = checkHeader(packet, exchange.nonce);
  if (malformed) return fail('bad_reply', malformed);
  const server = serverState(packet);
  const refusal = checkSynchronized(packet, server);
  if (refusal) return refusal;
  return fourTimestamps(exchange, packet, server);
}

function checkHeader(p: NtpPacket, nonce: bigint): string | undefined {
  if (p.mode !== MODE_SERVER) return `mode ${p.mode}, not 4 (server)`;
  if (p.version < 3 || p.version > 4) return `version ${p.version}, not 3 or 4`;
  if (p.originate !== nonce) return 'Originate Timestamp is not the Transmit Timestamp of the request';
  return undefined;
}

/** Kiss-o'-death (stratum 0 with an ASCII code), stratum 0 otherwise, leap 3, stratum 16+. */
function checkSynchronized(p: NtpPacket, server: ServerState): Failure | undefined {
  if (p.stratum === 0 && /^[A-Z]{4}$/.test(server.referenceId)) {
    const known = (KISS_CODES as readonly string[]).includes(server.referenceId);
    const kissCode = known ? server.referenceId : 'other';
    return { ...fail('kiss_of_death', `kiss-o'-death ${server.referenceId}`), kissCode };
  }
  if (p.stratum === 0 || p.stratum > MAX_STRATUM || p.leap === UNSYNCHRONIZED_LEAP) {
    const detail = `server unsynchronized (leap ${p.leap}, stratum ${p.stratum})`;
    return { ...fail('unsynchronized', detail), server };
  }
  return undefined;
}

function fourTimestamps(exchange: Reply, p: NtpPacket, server: ServerState): SampleResult {
  if (p.receive === 0n || p.transmit === 0n) return fail('bad_reply', 'Receive or Transmit Timestamp is 0');
  const { wall, sentMonoNs, receivedMonoNs } = exchange;
  const t4 = wall.wallNs + (receivedMonoNs - wall.monoNs);
  const t1 = t4 - (receivedMonoNs - sentMonoNs);
  const t2 = ntpToUnixNs(p.receive, t4);
  const t3 = ntpToUnixNs(p.transmit, t4);
  if (t3 < t2) return fail('bad_reply', 'Transmit Timestamp before Receive Timestamp');
  const delayNs = receivedMonoNs - sentMonoNs - (t3 - t2);
  if (delayNs < 0n) return fail('bad_reply', 'the server held the request longer than the round trip');
  const offsetNs = (t2 - t1 + (t3 - t4)) / 2n;
  const delaySeconds = Number(delayNs) / 1e9;
  return {
    ok: true,
    sample: {
      offsetSeconds: Number(offsetNs) / 1e9,
      delaySeconds,
      errorBoundSeconds: delaySeconds / 2 + wall.widthNs / 1e9,
      server,
    },
  };
}

function serverState(p: NtpPacket): ServerState {
  return {
    stratum: p.stratum,
    leap: p.leap,
    rootDelaySeconds: p.rootDelaySeconds,
    rootDispersionSeconds: p.rootDispersionSeconds,
    referenceId: formatReferenceId(p.stratum, p.referenceId),
  };
}

function fail(reason: Failure['reason'], detail: string): Failure {
  return { ok: false, reason, detail };
}
