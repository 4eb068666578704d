// The main-thread side of the sleep probe: asks the probe thread (src/runtime/
// probe-thread.ts) for a round of OS sleeps and never lets rounds pile up: a round still
// running when the next is due is skipped. The thread is shared with the listen probes in
// the exporter; the sleeps themselves run in sleep-task.ts, inside its worker.
import { join } from 'node:path';
import type { Platform } from '../../platform';
import { defineTask } from '../../runtime/probe-protocol';
import { useProbeThread, type ProbeThread } from '../../runtime/probe-thread';
import type { ProbeReply, SleepRound } from './types';

export const PROBE_SLEEP_MS = 1;
const SLEEP_TASK = defineTask<SleepRound, ProbeReply>(join(__dirname, 'sleep-task.js'));

/**
 * A round's deadline: far beyond any sane sleep (a 1 ms sleep wakes within a 15.6 ms
 * Windows tick), so it only fires when the OS call hangs. That round is then an error,
 * and no new round starts until the hung one returns.
 */
export function roundDeadlineSeconds(samples: number): number {
  return 30 + samples;
}

export class SleepProbe {
  private readonly thread: ProbeThread;
  private readonly release: () => Promise<void>;
  private running = false;
  private hung = false;

  /** With no thread given, the probe sleeps on a thread of its own (check, tests). */
  constructor(
    private readonly platform: Platform,
    thread?: ProbeThread,
  ) {
    ({ thread: this.thread, release: this.release } = useProbeThread(thread));
  }

  get busy(): boolean {
    return this.running || this.hung;
  }

  /** Runs one round of `samples` sleeps; rejects if one is running or the round hangs. */
  async round(samples: number): Promise<ProbeReply> {
    if (this.busy) throw new Error('a sleep-probe round is still running');
    this.running = true;
    try {
      const round: SleepRound = { platform: this.platform, sleepMs: PROBE_SLEEP_MS, samples };
      const deadline = roundDeadlineSeconds(samples);
      const outcome = await this.thread.run(SLEEP_TASK, round, deadline, () => (this.hung = false));
      if (outcome.kind === 'done') return outcome.value;
      this.hung = true;
      throw new Error(`a sleep-probe round outlived its ${deadline} s deadline`);
    } finally {
      this.running = false;
    }
  }

  /** Stops the probe's own thread, if it has one; a shared thread is stopped by its owner. */
  stop(): Promise<void> {
    return this.release();
  }
}

/** Summary statistics of one round, for `check` and logs. Pure. */
export function latenessSummary(lateness: readonly number[]) {
  const sorted = [...lateness].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { samples: sorted.length, median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}
