// A small NTP server of the tests' own, on 127.0.0.1, that answers the way a test asks:
// a chosen clock offset, delays on the request and the reply path, leap bits, stratum,
// reference id, kiss-o'-death, malformed replies, lost requests, or no answer at all.
// Its clock is the machine's wall clock read precisely through the clock collector's
// backend (never Date.now(), whose millisecond steps would swamp a loopback delay).
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { linuxClockBackend } from '../../src/collectors/clock/linux';
import { windowsClockBackend } from '../../src/collectors/clock/windows';
import { unixNsToNtp } from '../../src/collectors/ntp/packet';
import { currentPlatform, pickBackend } from '../../src/platform';

export interface Behaviour {
  /** Added to the server's clock: the offset a client should measure. */
  offsetSeconds: number;
  /** Held before the Receive Timestamp is taken (the request's path). */
  requestDelayMs: number;
  /** Held after the Transmit Timestamp is taken (the reply's path). */
  replyDelayMs: number;
  /** Extra reply-path delays for the next requests, one per request (a noisy sample). */
  extraReplyDelaysMs: number[];
  leap: number;
  stratum: number;
  version: number;
  mode: number;
  /** Four ASCII characters (stratum 0 and 1) or a dotted IPv4 address. */
  referenceId: string;
  rootDelaySeconds: number;
  rootDispersionSeconds: number;
  /** Answer with this kiss code (leap 3, stratum 0). */
  kissCode: string | undefined;
  /** Never answer. */
  silent: boolean;
  /** Drop this many of the next requests (lost packets), then answer again. */
  drop: number;
  /** Echo something else than the request's Transmit Timestamp as Originate. */
  wrongOriginate: boolean;
  /** Reply with only this many bytes. */
  truncateTo: number | undefined;
}

export const NORMAL: Behaviour = {
  offsetSeconds: 0,
  requestDelayMs: 0,
  replyDelayMs: 0,
  extraReplyDelaysMs: [],
  leap: 0,
  stratum: 2,
  version: 4,
  mode: 4,
  referenceId: '192.0.2.1',
  rootDelaySeconds: 0.0125,
  rootDispersionSeconds: 0.0025,
  kissCode: undefined,
  silent: false,
  drop: 0,
  wrongOriginate: false,
  truncateTo: undefined,
};

export interface TestNtpServer {
  readonly port: number;
  /** host:port as the collector labels it. */
  readonly label: string;
  /** Requests received, answered or not. */
  readonly received: number;
  /** Changes how the next requests are answered. */
  set(change: Partial<Behaviour>): void;
  close(): Promise<void>;
}

const wallNs = (() => {
  const backend = pickBackend(
    { linux: linuxClockBackend, windows: windowsClockBackend },
    currentPlatform() ?? 'linux',
  );
  if (!backend) throw new Error('no clock backend for the test NTP server');
  return backend.wallNs;
})();

/**
 * Waits at least `ms` of real time. A bare setTimeout can fire early against the real
 * clock: libuv counts from the loop's cached time, which lags behind on a loaded machine
 * (a 40 + 40 ms path then measured under 80 ms in CI).
 */
async function sleep(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

export async function startNtpServer(initial: Partial<Behaviour> = {}): Promise<TestNtpServer> {
  const socket = createSocket('udp4');
  let behaviour: Behaviour = {
    ...NORMAL,
    ...initial,
    extraReplyDelaysMs: [...(initial.extraReplyDelaysMs ?? [])],
  };
  let received = 0;
  let closed: Promise<void> | undefined;
  socket.on('message', (request, peer) => {
    received++;
    void answer(socket, request, peer, behaviour);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    port,
    label: `127.0.0.1:${port}`,
    get received() {
      return received;
    },
    set: (change) => {
      behaviour = { ...behaviour, ...change };
    },
    close: () => (closed ??= new Promise((resolve) => socket.close(() => resolve()))),
  };

  async function answer(s: Socket, request: Buffer, peer: RemoteInfo, b: Behaviour): Promise<void> {
    if (b.silent || request.length < 48) return;
    if (b.drop > 0) {
      behaviour = { ...behaviour, drop: behaviour.drop - 1 };
      return;
    }
    const extra = behaviour.extraReplyDelaysMs.shift() ?? 0;
    if (b.requestDelayMs > 0) await sleep(b.requestDelayMs);
    const serverNow = () => unixNsToNtp(wallNs() + BigInt(Math.round(b.offsetSeconds * 1e9)));
    const receive = serverNow();
    const reply = encodeReply(request, b, receive);
    reply.writeBigUInt64BE(serverNow(), 40);
    if (b.replyDelayMs + extra > 0) await sleep(b.replyDelayMs + extra);
    const bytes = b.truncateTo === undefined ? reply : reply.subarray(0, b.truncateTo);
    s.send(bytes, peer.port, peer.address);
  }
}

function encodeReply(request: Buffer, b: Behaviour, receive: bigint): Buffer {
  const kiss = b.kissCode !== undefined;
  const reply = Buffer.alloc(48);
  reply.writeUInt8(((kiss ? 3 : b.leap) << 6) | (b.version << 3) | b.mode, 0);
  reply.writeUInt8(kiss ? 0 : b.stratum, 1);
  reply.writeUInt8(request.readUInt8(2), 2);
  reply.writeInt8(-20, 3);
  reply.writeUInt32BE(Math.round(b.rootDelaySeconds * 65536), 4);
  reply.writeUInt32BE(Math.round(b.rootDispersionSeconds * 65536), 8);
  referenceIdBytes(kiss ? (b.kissCode ?? '') : b.referenceId).copy(reply, 12);
  reply.writeBigUInt64BE(receive - (16n << 32n), 16);
  const originate = request.readBigUInt64BE(40);
  reply.writeBigUInt64BE(b.wrongOriginate ? originate ^ 1n : originate, 24);
  reply.writeBigUInt64BE(receive, 32);
  return reply;
}

function referenceIdBytes(id: string): Buffer {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(id)) return Buffer.from(id.split('.').map(Number));
  const bytes = Buffer.alloc(4);
  bytes.write(id.slice(0, 4), 'latin1');
  return bytes;
}
