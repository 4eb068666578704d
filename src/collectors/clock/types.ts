// Shapes shared by the clock sampler (pure) and its OS backends (I/O).

/** One read of (monotonic, wall, monotonic), all in nanoseconds. */
export interface Bracket {
  readonly monoBeforeNs: bigint;
  readonly wallNs: bigint;
  readonly monoAfterNs: bigint;
}

/** What the OS says about a clock's granularity, in seconds. */
export interface ClockResolutions {
  readonly wall: number;
  readonly wall_coarse: number;
  readonly monotonic: number;
}

export type ClockName = keyof ClockResolutions;

/** The thin OS layer: three clock reads and what the OS says about them. */
export interface ClockBackend {
  /** Monotonic clock that keeps counting through host suspend, in ns. */
  monoNs(): bigint;
  /** Precise wall clock (CLOCK_REALTIME / GetSystemTimePreciseAsFileTime), ns since 1970. */
  wallNs(): bigint;
  /** Coarse wall clock (CLOCK_REALTIME_COARSE / GetSystemTimeAsFileTime), ns since 1970. */
  wallCoarseNs(): bigint;
  /** Resolutions the OS reports (clock_getres; QPC frequency and FILETIME units). */
  reportedResolutions(): ClockResolutions;
  /** Ticks per second of the monotonic clock (QPC frequency; 1e9 on Linux). */
  readonly monotonicFrequencyHz: number;
  /** Kernel clocksource (tsc, kvm-clock, hpet, ...) where the OS names one. */
  clocksource(): string | undefined;
  /** Identity of the current boot (Linux boot_id); undefined where the OS has none. */
  bootId(): string | undefined;
}

export interface Step {
  /** Signed size: positive when the wall clock jumped forward. */
  readonly seconds: number;
  /** Monotonic time of the sample that saw it, in seconds since the sampler started. */
  readonly atMonoSeconds: number;
}

export interface SampleOutcome {
  /** Width of the accepted (narrowest) bracket in seconds. */
  readonly uncertaintySeconds: number;
  readonly step: Step | undefined;
  /** d(wall - mono)/d(mono) over the window, steps excluded; undefined until known. */
  readonly driftRatio: number | undefined;
  /** (wall - mono) of this sample minus that of the first sample, in seconds. */
  readonly offsetChangeSeconds: number;
}
