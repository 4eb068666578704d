// The sleep probe's worker thread: sleeps in the OS (nanosleep / Sleep through koffi)
// and measures how late each wake-up is. It runs on a thread of its own so that the
// event loop never blocks, and so that what it measures is the OS timer, not the loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { Platform } from '../../platform';
import { pickBackend } from '../../platform';
import { linuxSleep } from './linux';
import { STOP, type OsSleep, type ProbeReply, type ProbeRequest } from './types';
import { windowsSleep } from './windows';

export interface ProbeWorkerData {
  readonly platform: Platform;
  readonly sleepMs: number;
  /** One Int32 the main thread sets to 1 to stop: checked before every sleep. */
  readonly stop: SharedArrayBuffer;
}

const data = workerData as ProbeWorkerData;
const sleepNs = BigInt(data.sleepMs * 1e6);
const stopping = new Int32Array(data.stop);
const sleep = pickBackend<OsSleep>(
  { linux: () => linuxSleep(data.sleepMs), windows: () => windowsSleep(data.sleepMs) },
  data.platform,
);

function round(samples: number): ProbeReply {
  if (!sleep) throw new Error(`no OS sleep on ${data.platform}`);
  const lateness: number[] = [];
  let failed = 0;
  for (let i = 0; i < samples && Atomics.load(stopping, 0) === 0; i++) {
    // process.hrtime is CLOCK_MONOTONIC on Linux and QueryPerformanceCounter on Windows.
    const before = process.hrtime.bigint();
    const ok = sleep();
    const elapsed = process.hrtime.bigint() - before;
    if (ok) lateness.push(Number(elapsed - sleepNs) / 1e9);
    else failed++;
  }
  return { lateness, failed };
}

// The worker is never terminated from outside while it may be inside koffi (loading it,
// or in a native call): terminating a thread there aborts the whole process (koffi's
// napi_throw into a terminating environment is fatal). It stops itself instead.
parentPort?.on('message', (request: ProbeRequest | typeof STOP) => {
  if (request === STOP) parentPort?.close();
  else parentPort?.postMessage(round(request.samples));
});
