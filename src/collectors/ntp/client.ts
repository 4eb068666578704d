// The only I/O of the probe: a name lookup and one request/reply over node:dgram. The
// same code runs on Linux and Windows; only the clock behind it differs (clock.ts).
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import type { ProbeClock } from './clock';
import { encodeRequest } from './packet';
import type { Exchange } from './types';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** getaddrinfo can hang on a broken resolver; a round waits this long at most. */
const LOOKUP_TIMEOUT_MS = 5000;

/** The server's address for this round: names are looked up again every round. */
export async function resolveHost(host: string): Promise<ResolvedAddress> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEOUT' })),
      LOOKUP_TIMEOUT_MS,
    );
  });
  try {
    const found = await Promise.race([lookup(host, { verbatim: true }), deadline]);
    return { address: found.address, family: found.family === 6 ? 6 : 4 };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One request and its reply on a fresh connected socket: a new random source port per
 * request, and the kernel drops datagrams from any other address. The monotonic clock is
 * read just before the send and first thing when the reply reaches JavaScript, then the
 * wall clock once; a clock that fails rejects the promise (the collector reports it).
 */
export function exchangeOnce(
  target: ResolvedAddress & { readonly port: number },
  clock: ProbeClock,
  timeoutSeconds: number,
  signal: AbortSignal,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
    const nonce = randomBytes(8).readBigUInt64BE(0);
    let sentMonoNs: bigint | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const onAbort = () => finish(() => resolve({ kind: 'timeout' }));
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.close();
      settle();
    };
    signal.addEventListener('abort', onAbort);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => resolve({ kind: 'network', code: error.code ?? error.message })),
    );
    socket.on('message', (packet) => {
      const receivedMonoNs = clock.monoNs();
      if (sentMonoNs === undefined) return;
      const sent = sentMonoNs;
      try {
        const wall = clock.readWall();
        finish(() => resolve({ kind: 'reply', packet, nonce, sentMonoNs: sent, receivedMonoNs, wall }));
      } catch (error) {
        finish(() => reject(error instanceof Error ? error : new Error(String(error))));
      }
    });
    socket.connect(target.port, target.address, () => {
      timer = setTimeout(() => finish(() => resolve({ kind: 'timeout' })), timeoutSeconds * 1000);
      sentMonoNs = clock.monoNs();
      socket.send(encodeRequest(nonce), (error) => {
        if (error)
          finish(() =>
            resolve({ kind: 'network', code: (error as NodeJS.ErrnoException).code ?? error.message }),
          );
      });
    });
  });
}
