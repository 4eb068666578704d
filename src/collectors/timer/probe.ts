// The main-thread side of the sleep probe: owns one worker thread, asks it for a round of
// sleeps, and never lets rounds pile up (a round still running when the next is due is
// skipped). Cost, bounded: one Node worker (its own V8 isolate, ~10 MB resident) that
// sleeps `samples` times per interval; the thread is asleep almost all of that time.
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Platform } from '../../platform';
import type { ProbeWorkerData } from './probe-worker';
import { STOP, type ProbeReply } from './types';

export const PROBE_SLEEP_MS = 1;
/** How long stop() waits for the worker to finish its current sleep and exit. */
const STOP_GRACE_MS = 5000;

export class SleepProbe {
  private worker: Worker | undefined;
  private stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private pending: ((reply: ProbeReply | Error) => void) | undefined;

  constructor(private readonly platform: Platform) {}

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Runs one round of `samples` sleeps on the worker; rejects if one is running. */
  round(samples: number): Promise<ProbeReply> {
    if (this.pending) return Promise.reject(new Error('a sleep-probe round is still running'));
    const worker = this.ensureWorker();
    return new Promise<ProbeReply>((resolve, reject) => {
      this.pending = (reply) => {
        this.pending = undefined;
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      };
      worker.postMessage({ samples });
    });
  }

  /**
   * Asks the worker to stop after its current sleep and waits for its thread to exit;
   * terminate() only if it has not within the grace period (a hung OS call).
   */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    Atomics.store(this.stopFlag, 0, 1);
    const exited = once(worker, 'exit');
    worker.postMessage(STOP);
    const force = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(force);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.stopFlag = new Int32Array(new SharedArrayBuffer(4));
    const workerData: ProbeWorkerData = {
      platform: this.platform,
      sleepMs: PROBE_SLEEP_MS,
      stop: this.stopFlag.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(join(__dirname, 'probe-worker.js'), { workerData });
    worker.unref();
    worker.on('message', (reply: ProbeReply) => this.pending?.(reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`sleep-probe worker exited with ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** A dead worker is dropped; the next round starts a new one. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    this.pending?.(error);
  }
}

/** Summary statistics of one round, for `check` and logs. Pure. */
export function latenessSummary(lateness: readonly number[]) {
  const sorted = [...lateness].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { samples: sorted.length, median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}
