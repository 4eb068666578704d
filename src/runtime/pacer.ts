// Runs a task at a steady pace on the event loop. Each run is due a fixed step after the
// previous run was due, not after it ran: setInterval and a setTimeout re-armed in its
// callback count from when the callback ran, so on a busy event loop every few
// milliseconds of lateness stretch every interval (under wrk with 200 connections the
// clock sampler at 100 ms took 93 % of its samples). Behind by a whole step or more (the
// process was paused, the loop stalled), it starts over from now instead of running the
// missed steps back to back. Timing only; the task is the caller's.
export class Pacer {
  private timer: NodeJS.Timeout | undefined;
  private dueMs = 0;

  /** `stepMs` is asked before each run: a constant, or a jittered interval. */
  constructor(
    private readonly task: () => void,
    private readonly stepMs: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The first run `firstDelayMs` from now; then one every step. */
  start(firstDelayMs: number): void {
    this.dueMs = this.now() + firstDelayMs;
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** When the next run is due, on the performance.now() clock; for tests. */
  get nextDueMs(): number {
    return this.dueMs;
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), Math.max(0, this.dueMs - this.now()));
  }

  private fire(): void {
    const now = this.now();
    this.dueMs = nextDue(this.dueMs, now, this.stepMs());
    this.arm();
    this.task();
  }
}

/** The run after one due at `dueMs` that fired at `nowMs`: a step later, or a step from now when that is past. Pure. */
export function nextDue(dueMs: number, nowMs: number, stepMs: number): number {
  const next = dueMs + stepMs;
  return next > nowMs ? next : nowMs + stepMs;
}
