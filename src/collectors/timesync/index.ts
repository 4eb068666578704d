// The timesync collector: what the OS time service says (scrape time) and the clock
// changes the OS reports (Linux timerfd polled in the background, Windows event log
// read with a bookmark). Each input is optional; the collector fails only when none
// answers, and hostwatch_timesync_input_available says which ones did.
import { duration, type OptionValues } from '../../config/options';
import { backendFor, type Platform } from '../../platform';
import { setOrAbsent } from '../../runtime/metrics';
import { defineCollector, type Collector, type CollectorContext } from '../types';
import { linuxTimesyncBackend } from './linux';
import { timesyncMetrics, type TimesyncMetrics } from './metrics';
import type { Findings, InputErrorHandler, TimesyncBackend, TimesyncReading } from './types';
import { synchronized } from './verdict';
import { windowsTimesyncBackend } from './windows';

const timesyncOptions = {
  max_offset: duration({
    default: 0.1,
    min: 0.001,
    max: 600,
    help: 'Windows: the largest W32Time Computed Time Offset still called synchronized.',
  }),
  poll_interval: duration({
    default: 1,
    min: 0.1,
    max: 60,
    help: 'Linux: how often the clock-set timerfd is polled (several sets within one interval count once).',
  }),
};

export type TimesyncOptions = OptionValues<typeof timesyncOptions>;

export const timesyncCollector = defineCollector({
  name: 'timesync',
  description: 'OS time sync status (adjtimex, W32Time) and the clock changes the OS reports.',
  platforms: ['linux', 'windows'],
  options: timesyncOptions,
  metrics: timesyncMetrics,
  create: (ctx, options) => new TimesyncCollector(ctx, options),
});

/** A backend built for the collector, given the callbacks it reports problems through. */
export type BackendFactory = (onError: InputErrorHandler) => TimesyncBackend;

export class TimesyncCollector implements Collector {
  private readonly backend: TimesyncBackend;
  private readonly metrics: TimesyncMetrics;
  private readonly logged = new Map<string, string>();
  private attempted = false;

  constructor(
    private readonly ctx: CollectorContext,
    private readonly options: TimesyncOptions,
    makeBackend: BackendFactory = (onError) =>
      timesyncBackend(
        {
          platform: ctx.platform,
          stateDir: ctx.stateDir,
          onError,
          onNotice: (msg, fields) => ctx.logger.info(msg, { collector: 'timesync', ...fields }),
        },
        options,
      ),
  ) {
    this.backend = makeBackend((input, error) => this.logInputOnce(input, error.message));
    this.metrics = timesyncMetrics(ctx.registers);
  }

  start(): void {
    this.backend.start();
    const source = this.ctx.platform === 'linux' ? 'kernel' : 'eventlog';
    for (const direction of ['forward', 'backward'] as const)
      this.metrics.steps.inc({ source, direction }, 0);
  }

  stop(): void {
    this.backend.stop();
  }

  isReady(): boolean {
    return this.attempted;
  }

  update(): void {
    this.attempted = true;
    const reading = this.backend.read();
    this.recordFindings(this.backend.drain());
    this.recordReading(reading);
    const inputs = { ...reading.inputs, ...this.backend.watcherInputs() };
    for (const [input, ok] of Object.entries(inputs)) {
      this.metrics.inputAvailable.set({ input }, ok ? 1 : 0);
      if (ok) this.logged.delete(input);
    }
    if (!Object.values(reading.inputs).some(Boolean)) {
      throw new Error(`no time-sync input answered (${Object.keys(reading.inputs).join(', ')})`);
    }
  }

  private recordReading(r: TimesyncReading): void {
    const m = this.metrics;
    const verdict = synchronized(r, { maxOffsetSeconds: this.options.max_offset });
    setOrAbsent(m.synchronized, verdict === undefined ? undefined : Number(verdict));
    setOrAbsent(m.offset, r.offsetSeconds);
    setOrAbsent(m.absoluteOffset, r.absoluteOffsetSeconds);
    setOrAbsent(m.maxError, r.maxErrorSeconds);
    setOrAbsent(m.estimatedError, r.estimatedErrorSeconds);
    setOrAbsent(m.frequencyRatio, r.frequencyRatio);
    setOrAbsent(
      m.adjustmentActive,
      r.adjustmentActive === undefined ? undefined : Number(r.adjustmentActive),
    );
    setOrAbsent(m.serviceRunning, r.serviceRunning === undefined ? undefined : Number(r.serviceRunning));
    setOrAbsent(m.roundTripDelay, r.roundTripDelaySeconds);
    setOrAbsent(m.ntpSources, r.ntpSources);
    m.sourceInfo.reset();
    if (r.source) m.sourceInfo.set(r.source, 1);
  }

  private recordFindings(found: Findings): void {
    const m = this.metrics;
    for (const step of found.steps) {
      m.steps.inc({ source: step.source, direction: step.seconds >= 0 ? 'forward' : 'backward' });
      m.stepSize.observe({ source: step.source }, Math.abs(step.seconds));
      this.ctx.logger.warn('the OS reported a wall-clock step', {
        collector: 'timesync',
        source: step.source,
        step_seconds: step.seconds,
      });
    }
    for (const e of found.events) m.events.inc({ provider: e.provider, event_id: String(e.eventId) });
  }

  /** One log line per input and distinct failure, not one per scrape. */
  private logInputOnce(input: string, message: string): void {
    if (this.logged.get(input) === message) return;
    this.logged.set(input, message);
    this.ctx.logger.warn('time-sync input unavailable', { collector: 'timesync', input, err: message });
  }
}

/** Where a timesync backend keeps state and reports problems. */
export interface TimesyncBackendContext {
  readonly platform: Platform;
  /** The event-log bookmark lives here (Windows); undefined: none is kept. */
  readonly stateDir: string | undefined;
  /** An input that did not answer (logged once per distinct failure by the collector). */
  readonly onError: InputErrorHandler;
  readonly onNotice: (message: string, fields: Record<string, unknown>) => void;
}

/** The time-sync inputs of this OS (also what `check` reads). */
export function timesyncBackend(ctx: TimesyncBackendContext, options: TimesyncOptions): TimesyncBackend {
  return backendFor(
    'timesync',
    {
      linux: () => linuxTimesyncBackend({ pollIntervalSeconds: options.poll_interval, onError: ctx.onError }),
      windows: () => windowsTimesyncBackend(ctx),
    },
    ctx.platform,
  );
}
