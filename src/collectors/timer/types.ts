// Shapes shared by the timer collector, its OS backends and the sleep probe.
import type { Platform } from '../../platform';

/** What the OS says about its timers, in seconds; absent where a platform has no such value. */
export interface TimerReading {
  /** Windows: the timer interrupt period in force (NtQueryTimerResolution); Linux: hrtimer resolution. */
  readonly current: number | undefined;
  /** Windows: the shortest period a process may request (NT's "maximum resolution"). */
  readonly finest: number | undefined;
  /** Windows: the longest period, the default when nobody asks (NT's "minimum resolution"). */
  readonly coarsest: number | undefined;
  /** The tick of the coarse clock: GetSystemTimeAdjustment increment; CLOCK_MONOTONIC_COARSE. */
  readonly coarseClock: number | undefined;
  /** Linux: the timer slack the kernel may add to this thread's sleeps (prctl). */
  readonly slack: number | undefined;
}

export type ResolutionKind = 'current' | 'finest' | 'coarsest' | 'coarse_clock';

export interface TimerBackend {
  read(): TimerReading;
}

/** Sleeps once in the OS for the requested milliseconds; false when the call failed. */
export type OsSleep = () => boolean;

/** One round of the sleep probe, as the probe thread's task (sleep-task.ts) receives it. */
export interface SleepRound {
  readonly platform: Platform;
  readonly sleepMs: number;
  readonly samples: number;
}

export interface ProbeReply {
  /** Lateness of each wake-up in seconds (elapsed minus the requested 1 ms). */
  readonly lateness: readonly number[];
  /** Sleeps the OS call reported as failed (interrupted); not measured. */
  readonly failed: number;
}
