// The listen probe as a task of the probe thread (src/runtime/probe-thread.ts): loaded and
// run inside its worker, where a socket call that blocks in the OS holds up that worker
// only. The socket API (koffi, ws2_32 or libc) is loaded in prepare(), before the
// probe's deadline starts. The main thread never imports this module: it names it by
// path (slot.ts).
//
// Only this OS's backend is loaded (required on first use, not imported): every module
// the worker loads stays in its isolate's heap for the life of the worker, and the other
// OS's backend would be about 0.1 MB of it for nothing.
import { backendFor, currentPlatform } from '../../platform';
import { runProbe } from './probe';
import type { ProbeResult, ProbeSpec, SocketApi } from './types';

/* eslint-disable @typescript-eslint/no-require-imports */
const BACKENDS = {
  linux: () => (require('./linux') as typeof import('./linux')).linuxSocketApi(),
  windows: () => (require('./windows') as typeof import('./windows')).windowsSocketApi(),
};
/* eslint-enable @typescript-eslint/no-require-imports */

let api: SocketApi | undefined;

function socketApi(): SocketApi {
  const platform = currentPlatform();
  if (!platform) throw new Error(`no socket backend for ${process.platform}`);
  return (api ??= backendFor('socket', BACKENDS, platform));
}

export function prepare(): void {
  socketApi();
}

export function run(spec: ProbeSpec): ProbeResult {
  return runProbe(socketApi(), spec);
}
