// One target's probes as the collector sees them: runs a probe on the probe thread with a
// deadline, remembers when one outlived it (the target is then "blocked" until that probe
// returns), refuses to stack new probes of the target behind a blocked one, and hands the
// late result over exactly once. Workers, queueing and deadlines are the probe thread's
// (src/runtime/probe-thread.ts); a blocked probe holds up its own target only.
import { join } from 'node:path';
import { defineTask } from '../../runtime/probe-protocol';
import { useProbeThread, type LateResult, type ProbeThread } from '../../runtime/probe-thread';
import type { ProbeOutcome, ProbeResult, ProbeSpec } from './types';

/** task.ts, loaded inside the worker only. */
const LISTEN_TASK = defineTask<ProbeSpec, ProbeResult>(join(__dirname, 'task.js'));

/** A probe that came back after its deadline: its result, or why it failed. */
export interface LateReply {
  readonly origin: string;
  readonly result: ProbeResult | undefined;
  readonly error: string | undefined;
  readonly ageSeconds: number;
}

export class ProbeSlot {
  private readonly thread: ProbeThread;
  private readonly release: () => Promise<void>;
  /** Probes of this target queued or running within their deadline. */
  private running = 0;
  /** performance.now() when the probe now blocked started, while one is. */
  private blockedSinceMs: number | undefined;

  /** With no thread given, the slot runs its probes on a thread of its own (check, tests). */
  constructor(
    private readonly spec: ProbeSpec,
    private readonly onLate: (late: LateReply) => void,
    thread?: ProbeThread,
  ) {
    ({ thread: this.thread, release: this.release } = useProbeThread(thread));
  }

  /** Age in seconds of the probe that outlived its deadline and has not returned, or undefined. */
  blockedSeconds(): number | undefined {
    if (this.blockedSinceMs === undefined) return undefined;
    return (performance.now() - this.blockedSinceMs) / 1000;
  }

  /** True while a probe of this target is queued, running or blocked. */
  busy(): boolean {
    return this.running > 0 || this.blockedSinceMs !== undefined;
  }

  /** Runs one probe; resolves at the deadline at the latest, rejects if the worker fails. */
  async run(timeoutSeconds: number, origin: string): Promise<ProbeOutcome> {
    const blockedSeconds = this.blockedSeconds();
    if (blockedSeconds !== undefined) return { kind: 'blocked', blockedSeconds };
    this.running++;
    try {
      const outcome = await this.thread.run(LISTEN_TASK, this.spec, timeoutSeconds, (late) =>
        this.returned(origin, late),
      );
      if (outcome.kind === 'done') return { kind: 'done', result: outcome.value };
      this.blockedSinceMs = outcome.startedMs;
      return { kind: 'timeout' };
    } finally {
      this.running--;
    }
  }

  /** Stops the slot's own thread, if it has one; a shared thread is stopped by its owner. */
  stop(): Promise<void> {
    return this.release();
  }

  private returned(origin: string, late: LateResult<ProbeResult>): void {
    this.blockedSinceMs = undefined;
    this.onLate({ origin, result: late.value, error: late.error, ageSeconds: late.ageSeconds });
  }
}
