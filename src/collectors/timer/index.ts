// The timer collector: timer resolution (read at scrape time; any process on Windows
// can change it at any moment) and a background sleep-overshoot probe, which must run
// between scrapes because lateness is a property of the moment it is measured in.
import { duration, integer, type OptionValues } from '../../config/options';
import { backendFor, type Platform } from '../../platform';
import { setOrAbsent } from '../../runtime/metrics';
import { defineCollector, type Collector, type CollectorContext } from '../types';
import { linuxTimerBackend } from './linux';
import { timerMetrics, type TimerMetrics } from './metrics';
import { Pacer } from '../../runtime/pacer';
import { SleepProbe } from './probe';
import type { ProbeReply, ResolutionKind, TimerBackend, TimerReading } from './types';
import { windowsTimerBackend } from './windows';

const timerOptions = {
  probe_interval: duration({
    default: 10,
    min: 1,
    max: 600,
    help: 'How often the sleep probe runs a round of 1 ms OS sleeps on its own thread.',
  }),
  probe_samples: integer({
    default: 10,
    min: 0,
    max: 200,
    help: 'Sleeps per probe round (0 disables the probe); a round lasts about samples x (1 ms + lateness).',
  }),
};

type TimerOptions = OptionValues<typeof timerOptions>;

export const timerCollector = defineCollector({
  name: 'timer',
  description: 'Timer resolution and slack, and how late a 1 ms OS sleep wakes up.',
  platforms: ['linux', 'windows'],
  options: timerOptions,
  metrics: timerMetrics,
  create: (ctx, options) => new TimerCollector(ctx, options),
});

/** Timer resolution reads of this OS (also what `check` reports). */
export function timerBackend(platform: Platform): TimerBackend {
  return backendFor('timer', { linux: linuxTimerBackend, windows: windowsTimerBackend }, platform);
}

const KINDS: Record<ResolutionKind, keyof TimerReading> = {
  current: 'current',
  finest: 'finest',
  coarsest: 'coarsest',
  coarse_clock: 'coarseClock',
};

class TimerCollector implements Collector {
  private readonly backend: TimerBackend;
  private readonly metrics: TimerMetrics;
  private readonly probe: SleepProbe;
  private readonly pacer = new Pacer(
    () => this.runRound(),
    () => this.options.probe_interval * 1000,
  );
  private lastRoundMs: number | undefined;
  private probeError: Error | undefined;

  constructor(
    private readonly ctx: CollectorContext,
    private readonly options: TimerOptions,
  ) {
    this.backend = timerBackend(ctx.platform);
    this.metrics = timerMetrics(ctx.registers);
    this.probe = new SleepProbe(ctx.platform, ctx.probeThread);
  }

  start(): void {
    if (this.options.probe_samples === 0) return;
    this.runRound();
    this.pacer.start(this.options.probe_interval * 1000);
  }

  async stop(): Promise<void> {
    this.pacer.stop();
    await this.probe.stop();
  }

  isReady(): boolean {
    return (
      this.options.probe_samples === 0 || this.lastRoundMs !== undefined || this.probeError !== undefined
    );
  }

  lastSampleAgeSeconds(): number | undefined {
    return this.lastRoundMs === undefined ? undefined : (performance.now() - this.lastRoundMs) / 1000;
  }

  update(): void {
    const reading = this.backend.read();
    for (const [kind, field] of Object.entries(KINDS)) {
      const value = reading[field];
      if (value === undefined) this.metrics.resolution.remove({ kind });
      else this.metrics.resolution.set({ kind }, value);
    }
    setOrAbsent(this.metrics.slack, reading.slack);
    if (this.probeError) throw this.probeError;
  }

  private runRound(): void {
    if (this.probe.busy) return; // the previous round is still sleeping: never pile up
    this.probe.round(this.options.probe_samples).then(
      (reply) => this.record(reply),
      (error: unknown) => {
        this.probeError = error instanceof Error ? error : new Error(String(error));
      },
    );
  }

  private record(reply: ProbeReply): void {
    for (const lateness of reply.lateness) this.metrics.overshoot.observe(Math.max(0, lateness));
    this.probeError =
      reply.failed > 0 && reply.lateness.length === 0
        ? new Error('every OS sleep of the probe failed')
        : undefined;
    this.lastRoundMs = performance.now();
    if (reply.failed > 0) this.ctx.logger.debug('sleep probe: interrupted sleeps', { failed: reply.failed });
  }
}
