// The clock family. HELP strings name the data source and the unit.
import type { Registers } from '../../runtime/metrics';
import { counter, gauge, histogram } from '../../runtime/metrics';

/** Shared with the timesync collector, which counts steps the OS reports. */
export function clockStepsTotal(registers: Registers) {
  return counter<'source' | 'direction'>(registers, {
    name: 'hostwatch_clock_steps_total',
    help: 'Discontinuous changes of the wall clock, by who saw them (sampler: the background (wall - monotonic) sampler; kernel: a timerfd cancelled on clock set; eventlog: Windows Kernel-General event 1; restart_gap: seen across an exporter restart) and direction.',
    labelNames: ['source', 'direction'],
  });
}

/**
 * Shared like clockStepsTotal: every source that counts a step also records its size,
 * so a kernel- or event-log-reported step is not mistaken for a sampler one.
 */
export function clockStepSeconds(registers: Registers) {
  return histogram<'source'>(registers, {
    name: 'hostwatch_clock_step_seconds',
    help: 'Absolute size in seconds of detected wall-clock steps, by who saw them (same sources as hostwatch_clock_steps_total; kernel: the change of (wall - monotonic) around the timerfd cancellation; eventlog: NewTime - OldTime of Kernel-General event 1).',
    labelNames: ['source'],
    buckets: [0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 60, 3600],
  });
}

export function clockMetrics(registers: Registers) {
  return {
    samples: counter(registers, {
      name: 'hostwatch_clock_samples_total',
      help: 'Samples of (wall - monotonic) accepted by the background clock sampler, which runs between scrapes so that a step and its reversal are both seen.',
    }),
    uncertainty: histogram(registers, {
      name: 'hostwatch_clock_read_uncertainty_seconds',
      help: 'Width in seconds of the narrowest (monotonic, wall, monotonic) bracket of each accepted sample: how precisely wall time was pinned to monotonic time.',
      buckets: [1e-7, 2.5e-7, 5e-7, 1e-6, 2.5e-6, 5e-6, 1e-5, 5e-5, 1e-4, 1e-3],
    }),
    drift: gauge(registers, {
      name: 'hostwatch_clock_drift_ratio',
      help: 'Rate of change of (wall - monotonic) per second of monotonic time over the drift window, steps excluded (robust median of slopes); 1e-6 means the wall clock gains 1 microsecond per second. Absent until the window holds enough samples.',
    }),
    offsetChange: gauge(registers, {
      name: 'hostwatch_clock_wall_minus_monotonic_seconds',
      help: 'Change in seconds of (wall - monotonic) since the first sample of the background clock sampler in this exporter process: drift accumulates in it and every step shows as a jump (positive: the wall clock gained). Starts at 0 when the exporter starts; absent until the first sample.',
    }),
    steps: clockStepsTotal(registers),
    stepSize: clockStepSeconds(registers),
    lastStep: gauge(registers, {
      name: 'hostwatch_clock_last_step_seconds',
      help: 'Signed size in seconds of the last wall-clock step the sampler detected (positive: the wall clock jumped forward). Absent until a step is seen.',
    }),
    lastStepTime: gauge(registers, {
      name: 'hostwatch_clock_last_step_timestamp_seconds',
      help: 'Unix time in seconds (read from the wall clock after the step) when the sampler detected the last step. Absent until a step is seen.',
    }),
    threshold: gauge(registers, {
      name: 'hostwatch_clock_step_threshold_seconds',
      help: 'Configured step threshold in seconds; a change of (wall - monotonic) counts as a step beyond this plus 500 ppm of the sample interval plus the read uncertainty.',
    }),
    resolution: gauge<'clock' | 'method'>(registers, {
      name: 'hostwatch_clock_resolution_seconds',
      help: 'Granularity in seconds of each clock (wall, wall_coarse, monotonic): as the OS reports it (method=reported: clock_getres, QPC frequency, FILETIME units, clock interrupt) and as the smallest non-zero step seen when reading it at start (method=observed).',
      labelNames: ['clock', 'method'],
    }),
    frequency: gauge(registers, {
      name: 'hostwatch_clock_monotonic_frequency_hertz',
      help: 'Ticks per second of the monotonic clock: QueryPerformanceFrequency on Windows, 1e9 on Linux (nanoseconds).',
    }),
    clocksource: gauge<'source'>(registers, {
      name: 'hostwatch_clock_source_info',
      help: 'The kernel clocksource in use (tsc, kvm-clock, hpet, ...), from sysfs current_clocksource read at scrape time, so a switch away from tsc shows as a new source label; Linux only. Always 1.',
      labelNames: ['source'],
    }),
  };
}

export type ClockMetrics = ReturnType<typeof clockMetrics>;
