// What the clock collector shows: the facts read once at start (resolutions, frequency,
// threshold), each sample the sampler turns into an outcome, a step seen across a
// restart, and the clocksource at each scrape; and the log line for every step. When to
// sample is index.ts's.
import type { Logger } from '../../log';
import { observeGranularityNs } from './granularity';
import type { ClockMetrics } from './metrics';
import type { ClockBackend, ClockName, SampleOutcome } from './types';

export class ClockRecorder {
  constructor(
    private readonly metrics: ClockMetrics,
    private readonly logger: Logger,
  ) {}

  /**
   * Facts that do not change while the process runs, and the step counters at 0 (those
   * of restart gaps only where a storage directory lets them be seen).
   */
  describeClocks(backend: ClockBackend, thresholdSeconds: number, countsRestartGaps: boolean): void {
    const m = this.metrics;
    m.threshold.set(thresholdSeconds);
    m.frequency.set(backend.monotonicFrequencyHz);
    for (const direction of ['forward', 'backward'] as const) {
      m.steps.inc({ source: 'sampler', direction }, 0);
      if (countsRestartGaps) m.steps.inc({ source: 'restart_gap', direction }, 0);
    }
    const reported = backend.reportedResolutions();
    const readers: Record<ClockName, () => bigint> = {
      wall: backend.wallNs,
      wall_coarse: backend.wallCoarseNs,
      monotonic: backend.monoNs,
    };
    for (const clock of Object.keys(readers) as ClockName[]) {
      m.resolution.set({ clock, method: 'reported' }, reported[clock]);
      const observed = observeGranularityNs(readers[clock]);
      if (observed !== undefined) m.resolution.set({ clock, method: 'observed' }, observed / 1e9);
    }
  }

  /** The clocksource now (undefined: the OS names none, so no series). */
  clocksource(source: string | undefined): void {
    this.metrics.clocksource.reset();
    if (source) this.metrics.clocksource.set({ source }, 1);
  }

  /** One sample's outcome: drift, offset change, uncertainty, and the step if it was one. */
  sample(outcome: SampleOutcome): void {
    const m = this.metrics;
    m.samples.inc();
    m.uncertainty.observe(outcome.uncertaintySeconds);
    if (outcome.driftRatio !== undefined) m.drift.set(outcome.driftRatio);
    m.offsetChange.set(outcome.offsetChangeSeconds);
    if (outcome.step) {
      const seconds = outcome.step.seconds;
      m.steps.inc({ source: 'sampler', direction: seconds > 0 ? 'forward' : 'backward' });
      m.stepSize.observe({ source: 'sampler' }, Math.abs(seconds));
      m.lastStep.set(seconds);
      m.lastStepTime.set(Date.now() / 1000);
      this.logger.warn('wall clock stepped', { collector: 'clock', step_seconds: seconds });
    }
  }

  /** A step that happened while the exporter was down (restart-tracker.ts), if there was one. */
  restartGap(gapSeconds: number | undefined): void {
    if (gapSeconds === undefined) return;
    const direction = gapSeconds > 0 ? 'forward' : 'backward';
    this.metrics.steps.inc({ source: 'restart_gap', direction });
    this.metrics.stepSize.observe({ source: 'restart_gap' }, Math.abs(gapSeconds));
    this.logger.warn('wall clock stepped while the exporter was not running', {
      collector: 'clock',
      step_seconds: gapSeconds,
    });
  }
}
