// The sleep probe's worker thread: sleeps in the OS (nanosleep / Sleep through koffi)
// and measures how late each wake-up is. It runs on a thread of its own so that the
// event loop never blocks, and so that what it measures is the OS timer, not the loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { Platform } from '../../platform';
import { pickBackend } from '../../platform';
import { linuxSleep } from './linux';
import type { OsSleep, ProbeReply, ProbeRequest } from './types';
import { windowsSleep } from './windows';

export interface ProbeWorkerData {
  readonly platform: Platform;
  readonly sleepMs: number;
}

const data = workerData as ProbeWorkerData;
const sleepNs = BigInt(data.sleepMs * 1e6);
const sleep = pickBackend<OsSleep>(
  { linux: () => linuxSleep(data.sleepMs), windows: () => windowsSleep(data.sleepMs) },
  data.platform,
);

function round(samples: number): ProbeReply {
  if (!sleep) throw new Error(`no OS sleep on ${data.platform}`);
  const lateness: number[] = [];
  let failed = 0;
  for (let i = 0; i < samples; i++) {
    // process.hrtime is CLOCK_MONOTONIC on Linux and QueryPerformanceCounter on Windows.
    const before = process.hrtime.bigint();
    const ok = sleep();
    const elapsed = process.hrtime.bigint() - before;
    if (ok) lateness.push(Number(elapsed - sleepNs) / 1e9);
    else failed++;
  }
  return { lateness, failed };
}

parentPort?.on('message', (request: ProbeRequest) => {
  parentPort?.postMessage(round(request.samples));
});
