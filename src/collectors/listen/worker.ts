// Entry point of a probe worker thread: one per target, so a probe that blocks in the OS
// holds up only its own target. Each request runs one probe synchronously and answers
// with its result, or with the reason the socket API could not be loaded.
import { parentPort } from 'node:worker_threads';
import { currentPlatform, pickBackend } from '../../platform';
import { linuxSocketApi } from './linux';
import { runProbe } from './probe';
import { STOP, type ProbeReply, type ProbeRequest, type SocketApi } from './types';
import { windowsSocketApi } from './windows';

let api: SocketApi | undefined;

function socketApi(): SocketApi {
  const platform = currentPlatform();
  api ??= platform && pickBackend({ linux: linuxSocketApi, windows: windowsSocketApi }, platform);
  if (!api) throw new Error(`no socket backend for ${process.platform}`);
  return api;
}

// Never terminated from outside: a thread terminated while inside koffi (loading it or in
// a native call) aborts the whole process (koffi's napi_throw into a terminating
// environment is fatal; seen by the timer collector). It stops itself instead.
parentPort?.on('message', (request: ProbeRequest | typeof STOP) => {
  if (request === STOP) return parentPort?.close();
  let reply: ProbeReply;
  try {
    reply = { id: request.id, result: runProbe(socketApi(), request.spec) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
