// What the probe thread's owner (probe-thread.ts, main thread) and its worker
// (probe-worker.ts) say to each other, and the contract of a task module. Kept apart from
// both so that the worker isolate loads no more than it needs.

/**
 * A task the worker runs: a module whose `run` export makes blocking OS calls. The module
 * is named by path (it is loaded inside the worker); P and R type its payload and result.
 */
export interface ProbeTask<P, R> {
  readonly module: string;
  /** Never set: carries P and R for the type checker. */
  readonly types?: (payload: P) => R;
}

export function defineTask<P, R>(module: string): ProbeTask<P, R> {
  return { module };
}

/** What a task module exports. `run` is synchronous: it may block its thread in the OS. */
export interface TaskModule<P, R> {
  /**
   * Loads what `run` needs (koffi, a DLL) before the task's deadline starts: the first
   * task of a worker boots the worker and loads libraries, which is no part of a probe.
   */
  prepare?(payload: P): void;
  run(payload: P, context: TaskContext): R;
}

export interface TaskContext {
  /** True once the owner is stopping: a task that loops (a round of sleeps) ends early. */
  stopping(): boolean;
}

export interface TaskRequest {
  readonly id: number;
  readonly module: string;
  readonly payload: unknown;
}

export type TaskReply =
  { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: string };

/** Sent when the task is prepared and `run` begins: its deadline counts from here. */
export interface TaskStarted {
  readonly id: number;
  readonly started: true;
}

/** The one message that ends a worker: it closes its port after the task it is running. */
export const STOP = 'stop';

/** workerData of every probe worker. */
export interface ProbeWorkerData {
  /** One Int32 the owner sets to 1 when it stops (TaskContext.stopping). */
  readonly stop: SharedArrayBuffer;
  /** For an injected test script only; the real worker ignores it. */
  readonly data: unknown;
}
