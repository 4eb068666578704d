// The one owner of the worker threads that run blocking OS probes (listen's socket calls,
// timer's sleeps) off the event loop. Creating, messaging, stopping and replacing a
// worker happens here and nowhere else; collectors hand it tasks (probe-protocol.ts).
//
// One worker serves every task, one at a time, in the order they come: an isolate costs
// megabytes, a probe takes microseconds to milliseconds. A task's deadline counts from
// the moment the worker starts running it: booting a worker and loading koffi or a DLL
// (the task's prepare step) is no part of a probe, and has a deadline of its own
// (START_DEADLINE_MS). A task that outlives its deadline is answered
// "timeout" at once; its worker is asked to stop after the blocked call returns (its late
// result then goes to the task's onLate, once) and later tasks go to a fresh worker. So a
// bind() that never returns holds up its own task only, and costs one extra isolate for
// as long as it blocks.
//
// Termination policy, the same for every worker: never terminate() (a thread terminated
// while inside koffi aborts the process). stop() asks each worker to end after its
// current task and waits up to a grace period; a worker still blocked in the OS then is
// unref'd and left behind, so it holds up the event loop no longer. Node.js joins worker
// threads when it exits, so the exporter then ends through the OS instead (main.ts,
// platform/exit.ts).
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  STOP,
  type ProbeTask,
  type ProbeWorkerData,
  type TaskReply,
  type TaskStarted,
} from './probe-protocol';
import { reapplyYoungGenerationBound } from './young-generation';

/** Every probe worker of the process that has not exited, whichever thread owns it. */
const alive = new Set<Worker>();

/** Probe workers not yet exited: after stop(), those still blocked in the OS. */
export function probeWorkersAlive(): number {
  return alive.size;
}

/** How long stop() waits for the workers to finish their current task and exit. */
export const STOP_GRACE_MS = 2000;
/** How long a worker may take to boot and prepare a task (seconds under Wine, when busy). */
export const START_DEADLINE_MS = 30_000;
const WORKER_SCRIPT = join(__dirname, 'probe-worker.js');
/**
 * The worker's V8 heap bounds (also the bench's floor phase, bench/floor.ts). Caps on
 * growth, not savings: an idle worker's heap (about 4 MB of old space, mostly Node.js's
 * own bootstrap, and a 1 MiB semi-space, V8's floor on 64-bit) is below them, and V8's
 * defaults would let it grow past 10 MB. The old-space cap keeps room over the ~6.5 MB in
 * use before the worker's first full GC: a worker out of heap dies, maybe inside koffi,
 * which aborts the process. stackSizeMb, codeRangeSizeMb, a smaller young generation,
 * env: SHARE_ENV and trackUnmanagedFds: false made no measurable difference to the
 * worker's RSS, so they keep Node's defaults.
 */
export const PROBE_THREAD_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 };

export type TaskOutcome<R> =
  | { readonly kind: 'done'; readonly value: R }
  | {
      readonly kind: 'timeout';
      /** performance.now() when the worker started the task */ readonly startedMs: number;
    };

/** A task that came back after its deadline: its result, or why it failed. */
export interface LateResult<R> {
  readonly value: R | undefined;
  readonly error: string | undefined;
  readonly ageSeconds: number;
}

export interface ProbeThreadOptions {
  /** The worker script; tests substitute one whose replies they control. */
  readonly script?: string;
  /** workerData.data for a substituted script. */
  readonly data?: unknown;
  readonly stopGraceMs?: number;
}

interface Job {
  readonly id: number;
  readonly module: string;
  readonly payload: unknown;
  readonly deadlineMs: number;
  readonly onLate: ((late: LateResult<unknown>) => void) | undefined;
  readonly resolve: (outcome: TaskOutcome<unknown>) => void;
  readonly reject: (error: Error) => void;
  startedMs: number;
  timer: NodeJS.Timeout | undefined;
  timedOut: boolean;
}

/** One worker and the job it is running. */
interface Lane {
  readonly worker: Worker;
  job: Job | undefined;
  error: Error | undefined;
}

export class ProbeThread {
  private readonly queue: Job[] = [];
  private readonly lanes = new Set<Lane>();
  /** The worker new jobs go to; a worker past a deadline is no longer it. */
  private active: Lane | undefined;
  private nextId = 1;
  private stopFlag = newStopFlag();

  constructor(private readonly options: ProbeThreadOptions = {}) {}

  /** Worker threads alive now: the serving one and any left blocked in the OS. */
  get workers(): number {
    return this.lanes.size;
  }

  /**
   * Runs a task after those queued before it. Resolves "done" with its result, or
   * "timeout" at the deadline; rejects when the task threw or its worker died.
   */
  run<P, R>(
    task: ProbeTask<P, R>,
    payload: P,
    deadlineSeconds: number,
    onLate?: (late: LateResult<R>) => void,
  ): Promise<TaskOutcome<R>> {
    return new Promise<TaskOutcome<R>>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        module: task.module,
        payload,
        deadlineMs: deadlineSeconds * 1000,
        onLate: onLate as Job['onLate'],
        resolve: resolve as Job['resolve'],
        reject,
        startedMs: 0,
        timer: undefined,
        timedOut: false,
      });
      this.pump();
    });
  }

  /** Stops every worker as the policy above says; a later run() starts a new one. */
  async stop(): Promise<void> {
    Atomics.store(this.stopFlag, 0, 1);
    this.stopFlag = newStopFlag();
    for (const job of this.queue.splice(0)) job.reject(new Error('probe thread stopped'));
    this.active = undefined;
    const lanes = [...this.lanes];
    for (const { worker } of lanes) {
      worker.ref(); // keep the event loop alive while waiting for it
      worker.postMessage(STOP);
    }
    let grace: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      grace = setTimeout(resolve, this.options.stopGraceMs ?? STOP_GRACE_MS);
    });
    await Promise.race([Promise.all(lanes.map(({ worker }) => once(worker, 'exit'))), gaveUp]);
    clearTimeout(grace);
    for (const { worker } of lanes) worker.unref();
  }

  private pump(): void {
    if (this.active?.job) return;
    const job = this.queue.shift();
    if (!job) return;
    const lane = (this.active ??= this.spawn());
    lane.job = job;
    job.startedMs = performance.now();
    job.timer = setTimeout(() => this.expire(lane, job), START_DEADLINE_MS);
    lane.worker.postMessage({ id: job.id, module: job.module, payload: job.payload });
  }

  private spawn(): Lane {
    const workerData: ProbeWorkerData = {
      stop: this.stopFlag.buffer as SharedArrayBuffer,
      data: this.options.data,
    };
    const worker = new Worker(this.options.script ?? WORKER_SCRIPT, {
      workerData,
      resourceLimits: PROBE_THREAD_LIMITS,
    });
    worker.unref(); // an idle worker does not keep the process alive
    alive.add(worker);
    worker.once('exit', () => alive.delete(worker));
    const lane: Lane = { worker, job: undefined, error: undefined };
    this.lanes.add(lane);
    worker.on('message', (message: TaskReply | TaskStarted) => {
      if ('started' in message) this.started(lane, message.id);
      else this.settle(lane, message);
    });
    worker.on('error', (error) => (lane.error = error));
    worker.once('online', reapplyYoungGenerationBound); // creating the worker reset V8's flags
    worker.on('exit', (code) => this.retire(lane, code));
    return lane;
  }

  /** The task's own deadline starts now that the worker runs it. */
  private started(lane: Lane, id: number): void {
    const job = lane.job;
    if (job?.id !== id || job.timedOut) return;
    clearTimeout(job.timer);
    job.startedMs = performance.now();
    job.timer = setTimeout(() => this.expire(lane, job), job.deadlineMs);
  }

  private settle(lane: Lane, reply: TaskReply): void {
    const job = lane.job;
    if (job?.id !== reply.id) return;
    lane.job = undefined;
    this.finish(job, reply);
    if (lane === this.active) this.pump();
  }

  /** The deadline passed: answer now, leave the worker to its call, move on without it. */
  private expire(lane: Lane, job: Job): void {
    if (lane.job !== job) return;
    job.timedOut = true;
    job.resolve({ kind: 'timeout', startedMs: job.startedMs });
    lane.worker.postMessage(STOP); // read once the blocked call has returned and been answered
    if (this.active === lane) this.active = undefined;
    this.pump();
  }

  private retire(lane: Lane, code: number): void {
    this.lanes.delete(lane);
    if (this.active === lane) this.active = undefined;
    const job = lane.job;
    lane.job = undefined;
    if (job)
      this.finish(job, { id: job.id, error: lane.error?.message ?? `probe worker exited with code ${code}` });
    this.pump();
  }

  private finish(job: Job, reply: TaskReply): void {
    clearTimeout(job.timer);
    const error = 'error' in reply ? reply.error : undefined;
    const value = 'value' in reply ? reply.value : undefined;
    if (job.timedOut) job.onLate?.({ value, error, ageSeconds: (performance.now() - job.startedMs) / 1000 });
    else if (error !== undefined) job.reject(new Error(error));
    else job.resolve({ kind: 'done', value });
  }
}

function newStopFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** A probe thread to use: the shared one when given; else one of its own, which release() stops. */
export function useProbeThread(shared: ProbeThread | undefined): {
  readonly thread: ProbeThread;
  release(): Promise<void>;
} {
  if (shared) return { thread: shared, release: () => Promise.resolve() };
  const own = new ProbeThread();
  return { thread: own, release: () => own.stop() };
}
