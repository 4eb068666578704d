// One target's probe worker as the main thread sees it: runs probes with a deadline,
// notices when one outlives it (the target is then "blocked"), refuses to stack new
// probes behind a blocked one, and hands the late result over exactly once.
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  STOP,
  type ProbeOutcome,
  type ProbeReply,
  type ProbeRequest,
  type ProbeResult,
  type ProbeSpec,
} from './types';

const WORKER_PATH = join(__dirname, 'worker.js');
/** How long stop() waits for a worker to finish its probe and exit. */
const STOP_GRACE_MS = 2000;

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

  /**
   * Asks the worker to stop after its current probe and waits for it, up to a grace
   * period. It is never terminated (see worker.ts): a worker blocked in the OS exits when
   * its call returns, and until then the process cannot exit either.
   */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    worker.removeAllListeners('exit');
    worker.ref(); // keep the event loop alive until it has exited
    const exited = once(worker, 'exit');
    worker.postMessage(STOP);
    let grace: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)));
    await Promise.race([exited, gaveUp]);
    clearTimeout(grace);
    worker.unref();
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
