// The clock collector: a background sampler of (wall - monotonic). It must run between
// scrapes: a step and its reversal inside one scrape interval would otherwise cancel out.
// This file holds the options and the sampling loop; recorder.ts writes the metrics.
import { duration, integer, type OptionValues } from '../../config/options';
import { backendFor, type Platform } from '../../platform';
import { defineCollector, type Collector, type CollectorContext } from '../types';
import { readBrackets } from './brackets';
import { linuxClockBackend } from './linux';
import { clockMetrics } from './metrics';
import { ClockRecorder } from './recorder';
import { RestartTracker } from './restart-tracker';
import { ClockSampler } from './sampler';
import type { ClockBackend } from './types';
import { windowsClockBackend } from './windows';
import { Pacer } from '../../runtime/pacer';

const clockOptions = {
  interval: duration({
    default: 1,
    min: 0.1,
    max: 5,
    help: 'How often the background sampler reads the clocks.',
  }),
  brackets: integer({
    default: 5,
    min: 1,
    max: 64,
    help: 'Brackets (monotonic, wall, monotonic) read per sample; the narrowest is kept.',
  }),
  step_threshold: duration({
    default: 0.002,
    min: 0.0001,
    max: 10,
    help: 'A change of (wall - monotonic) beyond this (plus 500 ppm of the interval and the read uncertainty) is a step.',
  }),
  drift_window: duration({
    default: 60,
    min: 30,
    max: 3600,
    help: 'Sliding window over which drift is estimated.',
  }),
};

export type ClockOptions = OptionValues<typeof clockOptions>;

export const clockCollector = defineCollector({
  name: 'clock',
  description: 'Wall clock against the monotonic clock (QPC on Windows): drift and every step.',
  platforms: ['linux', 'windows'],
  options: clockOptions,
  metrics: clockMetrics,
  create: (ctx, options) => new ClockCollector(ctx, options),
});

/** The clock reads of this OS (also what `check` measures with). */
export function clockBackend(platform: Platform): ClockBackend {
  return backendFor('clock', { linux: linuxClockBackend, windows: windowsClockBackend }, platform);
}

export class ClockCollector implements Collector {
  private readonly backend: ClockBackend;
  private readonly recorder: ClockRecorder;
  private readonly sampler: ClockSampler;
  /** Steps while the exporter was down; undefined without a storage directory. */
  private readonly restart: RestartTracker | undefined;
  private readonly pacer = new Pacer(
    () => this.sampleOnce(),
    () => this.options.interval * 1000,
  );
  private lastSampleMs: number | undefined;
  private lastError: Error | undefined;
  private attempted = false;

  constructor(
    ctx: CollectorContext,
    private readonly options: ClockOptions,
    backend: ClockBackend = clockBackend(ctx.platform),
  ) {
    this.backend = backend;
    this.recorder = new ClockRecorder(clockMetrics(ctx.registers), ctx.logger);
    this.sampler = new ClockSampler({
      stepThresholdSeconds: options.step_threshold,
      driftWindowSeconds: options.drift_window,
    });
    this.restart = RestartTracker.inDir(ctx.stateDir, backend.bootId(), options.step_threshold, ctx.logger);
  }

  start(): void {
    this.recorder.describeClocks(this.backend, this.options.step_threshold, this.restart !== undefined);
    this.sampleOnce();
    this.pacer.start(this.options.interval * 1000);
  }

  stop(): void {
    this.pacer.stop();
    this.restart?.stop();
  }

  isReady(): boolean {
    return this.attempted;
  }

  lastSampleAgeSeconds(): number | undefined {
    return this.lastSampleMs === undefined ? undefined : (performance.now() - this.lastSampleMs) / 1000;
  }

  update(): void {
    // Read at scrape time, not once: the kernel switches clocksource at run time (a TSC
    // found unstable falls back to hpet or acpi_pm), and that switch is what to see.
    this.recorder.clocksource(this.backend.clocksource());
    if (this.lastError) throw this.lastError;
    const age = this.lastSampleAgeSeconds();
    if (age === undefined) throw new Error('no clock sample yet');
    if (age > 3 * this.options.interval + 1) {
      throw new Error(`last clock sample is ${age.toFixed(1)} s old; the sampler is stalled`);
    }
  }

  private sampleOnce(): void {
    this.attempted = true;
    try {
      const brackets = readBrackets(this.backend, this.options.brackets);
      const outcome = this.sampler.observe(brackets);
      if (outcome) {
        this.recorder.sample(outcome);
        this.lastSampleMs = performance.now();
        this.recorder.restartGap(this.restart?.observe(brackets, outcome.step !== undefined));
      }
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
    }
  }
}
