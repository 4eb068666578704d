// One target's probe worker as the main thread sees it: runs probes with a deadline,
// notices when one outlives it (the target is then "blocked"), refuses to stack new
// probes behind a blocked one, and hands the late result over exactly once.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { ProbeOutcome, ProbeResult, ProbeSpec } from './types';
import type { ProbeReply, ProbeRequest } from './worker';

const WORKER_PATH = join(__dirname, 'worker.js');

/** The worker script to run; tests substitute one whose replies they control. */
export interface WorkerScript {
  readonly path: string;
  readonly data?: unknown;
}

/** A probe that came back after its deadline: its result, or why it failed. */
export interface LateReply {
  readonly origin: string;
  readonly result: ProbeResult | undefined;
  readonly error: string | undefined;
  readonly ageSeconds: number;
}

interface Pending {
  readonly origin: string;
  readonly startedMs: number;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (outcome: ProbeOutcome) => void;
  readonly reject: (error: Error) => void;
  timedOut: boolean;
}

export class ProbeSlot {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly spec: ProbeSpec,
    private readonly onLate: (late: LateReply) => void,
    private readonly script: WorkerScript = { path: WORKER_PATH },
  ) {}

  /** Age in seconds of the oldest probe that outlived its deadline, or undefined. */
  blockedSeconds(): number | undefined {
    const blocked = [...this.pending.values()].filter((p) => p.timedOut);
    if (blocked.length === 0) return undefined;
    return (performance.now() - Math.min(...blocked.map((p) => p.startedMs))) / 1000;
  }

  /** True while a probe of this target is running (within its deadline or blocked). */
  busy(): boolean {
    return this.pending.size > 0;
  }

  /** Runs one probe; resolves at the deadline at the latest, rejects if the worker fails. */
  run(timeoutSeconds: number, origin: string): Promise<ProbeOutcome> {
    const blockedSeconds = this.blockedSeconds();
    if (blockedSeconds !== undefined) return Promise.resolve({ kind: 'blocked', blockedSeconds });
    const worker = (this.worker ??= this.startWorker());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pending.get(id);
        if (p) p.timedOut = true;
        resolve({ kind: 'timeout' });
      }, timeoutSeconds * 1000);
      this.pending.set(id, { origin, startedMs: performance.now(), timer, resolve, reject, timedOut: false });
      worker.postMessage({ id, spec: this.spec } satisfies ProbeRequest);
    });
  }

  /** Stops the worker. A worker blocked in the OS only stops when its call returns. */
  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private startWorker(): Worker {
    const worker = new Worker(this.script.path, {
      workerData: this.script.data,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    worker.unref();
    worker.on('message', (reply: ProbeReply) => this.settle(reply.id, reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`probe worker exited with code ${code}`)));
    return worker;
  }

  private settle(id: number, reply: ProbeReply): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    const result = 'result' in reply ? reply.result : undefined;
    const error = 'error' in reply ? reply.error : undefined;
    if (p.timedOut) {
      const ageSeconds = (performance.now() - p.startedMs) / 1000;
      this.onLate({ origin: p.origin, result, error, ageSeconds });
    } else if (result) p.resolve({ kind: 'done', result });
    else p.reject(new Error(error));
  }

  private failAll(error: Error): void {
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, { id, error: error.message });
  }
}
