// One probe run: create two sockets, bind and listen one, connect the other to it, accept,
// send one byte across, close; every phase timed on the monotonic clock. It makes blocking
// OS calls and runs only inside the probe worker thread (worker.ts), never on the main
// event loop: a bind() that never returns blocks that thread and nothing else.
import { connectAddress, decodePort, encodeSockaddr, familyOf } from './sockaddr';
import {
  OsError,
  type Phase,
  type ProbeFailure,
  type ProbeResult,
  type ProbeSpec,
  type SocketApi,
  type SocketHandle,
} from './types';

const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;

export function runProbe(api: SocketApi, spec: ProbeSpec): ProbeResult {
  const durations: Partial<Record<Phase, number>> = {};
  const open: SocketHandle[] = [];
  let phase: Exclude<Phase, 'total'> = 'socket';
  const timed = <T>(name: Exclude<Phase, 'total'>, call: () => T): T => {
    phase = name;
    const start = performance.now();
    try {
      return call();
    } finally {
      durations[name] = seconds(start); // a failed phase is timed too: a slow EACCES matters
    }
  };
  const started = performance.now();
  let failure: ProbeFailure | undefined;
  try {
    const family = familyOf(spec.address);
    const [listener, client] = timed('socket', () => [
      remember(open, api.socket(family)),
      remember(open, api.socket(family)),
    ]);
    api.allowReuse(listener);
    timed('bind', () => api.bind(listener, encodeSockaddr(api.platform, spec.address, spec.port)));
    timed('listen', () => api.listen(listener, 1));
    const port = decodePort(api.localAddress(listener, family));
    const target = encodeSockaddr(api.platform, connectAddress(spec.address), port);
    timed('connect', () => api.connect(client, target));
    const accepted = timed('accept', () => remember(open, api.accept(listener)));
    timed('exchange', () => {
      api.sendByte(client);
      api.receiveByte(accepted);
    });
  } catch (error) {
    if (!(error instanceof OsError)) throw error;
    failure = { phase, code: api.classify(error.osCode), osCode: error.osCode };
  } finally {
    // The client closes first, so TIME_WAIT lands on its ephemeral port and a fixed
    // probe port can be bound again at once.
    for (const s of [open[1], open[2], open[0]]) if (s !== undefined) api.close(s);
  }
  durations.total = seconds(started);
  const inUse = spec.expect === 'in_use_ok' && failure?.phase === 'bind' && failure.code === 'EADDRINUSE';
  return { durations, failure: inUse ? undefined : failure, inUse };
}

function remember(open: SocketHandle[], s: SocketHandle): SocketHandle {
  open.push(s);
  return s;
}
