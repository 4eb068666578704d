// The sleep probe as a task of the probe thread (src/runtime/probe-thread.ts): sleeps in
// the OS (nanosleep / Sleep through koffi) inside its worker and measures how late each
// wake-up is. On a thread of its own, the event loop never blocks, and what it measures
// is the OS timer, not the loop. The main thread names this module by path (probe.ts).
// Only this OS's backend is loaded (required on first use, as in listen/task.ts): the
// worker's heap keeps every module it loads.
import type { TaskContext } from '../../runtime/probe-protocol';
import { backendFor } from '../../platform';
import type { OsSleep, ProbeReply, SleepRound } from './types';

let sleep: { readonly key: string; readonly call: OsSleep } | undefined;

function osSleep(round: SleepRound): OsSleep {
  const key = `${round.platform}:${round.sleepMs}`;
  if (sleep?.key === key) return sleep.call;
  const ms = round.sleepMs;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const call = backendFor<OsSleep>(
    'sleep',
    {
      linux: () => (require('./linux') as typeof import('./linux')).linuxSleep(ms),
      windows: () => (require('./windows') as typeof import('./windows')).windowsSleep(ms),
    },
    round.platform,
  );
  /* eslint-enable @typescript-eslint/no-require-imports */
  sleep = { key, call };
  return call;
}

/** Loads the OS sleep (koffi, kernel32 or libc) before the round's deadline starts. */
export function prepare(round: SleepRound): void {
  osSleep(round);
}

export function run(round: SleepRound, context: TaskContext): ProbeReply {
  const call = osSleep(round);
  const sleepNs = BigInt(round.sleepMs * 1e6);
  const lateness: number[] = [];
  let failed = 0;
  for (let i = 0; i < round.samples && !context.stopping(); i++) {
    // process.hrtime is CLOCK_MONOTONIC on Linux and QueryPerformanceCounter on Windows.
    const before = process.hrtime.bigint();
    const ok = call();
    const elapsed = process.hrtime.bigint() - before;
    if (ok) lateness.push(Number(elapsed - sleepNs) / 1e9);
    else failed++;
  }
  return { lateness, failed };
}
