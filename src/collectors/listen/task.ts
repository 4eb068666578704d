// The listen probe as a task of the probe thread (src/runtime/probe-thread.ts): loaded and
// run inside its worker, where a socket call that blocks in the OS holds up that worker
// only. The socket API (koffi, ws2_32 or libc) is loaded in prepare(), before the
// probe's deadline starts. The main thread never imports this module: it names it by
// path (slot.ts).
import { backendFor, currentPlatform } from '../../platform';
import { linuxSocketApi } from './linux';
import { runProbe } from './probe';
import type { ProbeResult, ProbeSpec, SocketApi } from './types';
import { windowsSocketApi } from './windows';

let api: SocketApi | undefined;

function socketApi(): SocketApi {
  const platform = currentPlatform();
  if (!platform) throw new Error(`no socket backend for ${process.platform}`);
  return (api ??= backendFor('socket', { linux: linuxSocketApi, windows: windowsSocketApi }, platform));
}

export function prepare(): void {
  socketApi();
}

export function run(spec: ProbeSpec): ProbeResult {
  return runProbe(socketApi(), spec);
}
