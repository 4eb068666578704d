// Shapes shared by the timesync collector (pure parsing, verdict) and its OS backends.

/** One scrape-time reading of the OS time service. Unknown values are undefined. */
export interface TimesyncReading {
  /** Kernel/service view of the sync state, the input of the verdict (verdict.ts). */
  readonly linuxKernel?: KernelSyncState;
  readonly windowsService?: WindowsSyncState;
  readonly offsetSeconds?: number;
  readonly absoluteOffsetSeconds?: number;
  readonly maxErrorSeconds?: number;
  readonly estimatedErrorSeconds?: number;
  readonly frequencyRatio?: number;
  readonly adjustmentActive?: boolean;
  readonly source?: { readonly type: string; readonly server: string };
  /** True when a time daemon/service is running; undefined when it cannot be told. */
  readonly serviceRunning?: boolean;
  readonly roundTripDelaySeconds?: number;
  readonly ntpSources?: number;
  /** Which inputs answered on this reading (input name -> available). */
  readonly inputs: Readonly<Record<string, boolean>>;
}

export interface KernelSyncState {
  /** adjtimex return value: TIME_OK .. TIME_ERROR. */
  readonly clockState: number;
  readonly status: number;
}

export interface WindowsSyncState {
  readonly serviceRunning: boolean;
  /** W32Time Parameters\Type (NTP, NT5DS, AllSync, NoSync), undefined when unset. */
  readonly type: string | undefined;
}

/** A wall-clock step the OS reported (kernel timerfd, Windows event log). */
export interface ReportedStep {
  readonly source: 'kernel' | 'eventlog';
  /** Signed: positive when the wall clock jumped forward. */
  readonly seconds: number;
}

export interface TimeServiceEvent {
  readonly provider: string;
  readonly eventId: number;
}

/** What the background watchers (timerfd, event log) found since the last drain. */
export interface Findings {
  readonly steps: readonly ReportedStep[];
  readonly events: readonly TimeServiceEvent[];
}

/** The thin OS layer. */
export interface TimesyncBackend {
  /** Reads the time service state; throws only when no input at all answered. */
  read(): TimesyncReading;
  /** Starts background watchers (Linux: clock-set notifications). */
  start(): void;
  /** Steps and events seen since the last call. */
  drain(): Findings;
  /** Inputs of the watchers (timerfd, eventlog) and whether they work. */
  watcherInputs(): Readonly<Record<string, boolean>>;
  stop(): void;
}

/**
 * Where a backend reports an input that did not answer: the collector logs each distinct
 * failure once, and the input shows as unavailable in hostwatch_timesync_input_available.
 */
export type InputErrorHandler = (input: string, error: Error) => void;
