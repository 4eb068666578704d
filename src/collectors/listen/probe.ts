// One probe run: create two sockets, bind and listen one, connect the other to it, accept,
// send one byte across, close; every phase timed on the monotonic clock. It makes blocking
// OS calls and runs only inside the probe thread's worker (task.ts), never on the main
// event loop: a bind() that never returns blocks that worker and nothing else.
import { OsError } from '../../platform/errors';
import type { SocketHandle, Sockets } from '../../platform/sockets';
import {
  connectAddress,
  decodePort,
  encodeSockaddr,
  familyOf,
  SOCKADDR_IN6_SIZE,
  SOCKADDR_IN_SIZE,
} from './sockaddr';
import { EOF_CODE } from './codes';
import type { Phase, ProbeFailure, ProbeResult, ProbeSpec, SocketApi } from './types';

// process.hrtime, not performance.now(): both read the monotonic clock, but the global
// `performance` loads perf_hooks (ten modules, about 70 KB) into the worker's heap.
const now = () => process.hrtime.bigint();
const seconds = (from: bigint) => Number(now() - from) / 1e9;

export function runProbe(api: SocketApi, spec: ProbeSpec): ProbeResult {
  const durations: Partial<Record<Phase, number>> = {};
  const open: SocketHandle[] = [];
  let phase: Exclude<Phase, 'total'> = 'socket';
  const timed = <T>(name: Exclude<Phase, 'total'>, call: () => T): T => {
    phase = name;
    const start = now();
    try {
      return call();
    } finally {
      durations[name] = seconds(start); // a failed phase is timed too: a slow EACCES matters
    }
  };
  const started = now();
  const os = api.sockets;
  let failure: ProbeFailure | undefined;
  try {
    const family = familyOf(spec.address);
    const [listener, client] = timed('socket', () => [
      remember(open, os.socket(family)),
      remember(open, os.socket(family)),
    ]);
    os.allowReuse(listener);
    timed('bind', () => os.bind(listener, encodeSockaddr(api.platform, spec.address, spec.port)));
    timed('listen', () => os.listen(listener, 1));
    const port = decodePort(os.localAddress(listener, family === 4 ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE));
    const target = encodeSockaddr(api.platform, connectAddress(spec.address), port);
    timed('connect', () => os.connect(client, target));
    const accepted = timed('accept', () => remember(open, os.accept(listener)));
    timed('exchange', () => exchangeOneByte(os, client, accepted));
  } catch (error) {
    if (!(error instanceof OsError)) throw error;
    failure = { phase, code: api.classify(error.osCode), osCode: error.osCode };
  } finally {
    // The client closes first, so TIME_WAIT lands on its ephemeral port and a fixed
    // probe port can be bound again at once.
    for (const s of [open[1], open[2], open[0]]) if (s !== undefined) os.close(s);
  }
  durations.total = seconds(started);
  const inUse = spec.expect === 'in_use_ok' && failure?.phase === 'bind' && failure.code === 'EADDRINUSE';
  return { durations, failure: inUse ? undefined : failure, inUse };
}

/** One byte client to server; a short send or a closed peer is EOF (EOF_CODE, -1). */
function exchangeOneByte(os: Sockets, client: SocketHandle, server: SocketHandle): void {
  const one = Buffer.alloc(1);
  if (os.send(client, one) !== 1) throw new OsError('send', EOF_CODE);
  if (os.receive(server, one) !== 1) throw new OsError('recv', EOF_CODE);
}

function remember(open: SocketHandle[], s: SocketHandle): SocketHandle {
  open.push(s);
  return s;
}
