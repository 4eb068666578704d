// Feeds the status page's history: every INTERVAL_SECONDS it reads the chosen families
// from the registry, whichever collector registered them, into the ring (history.ts). It
// knows metric names only: a family that is absent (collector disabled, other platform)
// leaves its chart empty. Started by serve.ts, stopped on shutdown.
import type { Registry } from 'prom-client';
import { History, type HistoryJson, type HistorySpec, INTERVAL_SECONDS, type Sample } from './history';

/** What the status page charts. */
export const STATUS_CHARTS: readonly HistorySpec[] = [
  { chart: 'offset', family: 'hostwatch_clock_wall_minus_monotonic_seconds', derive: 'value', by: [] },
  { chart: 'drift', family: 'hostwatch_clock_drift_ratio', derive: 'value', by: [] },
  { chart: 'steps', family: 'hostwatch_clock_steps_total', derive: 'increase', by: ['source', 'direction'] },
  {
    chart: 'listen',
    family: 'hostwatch_listen_duration_seconds',
    derive: 'mean',
    match: { phase: 'total' },
    by: ['target'],
  },
  { chart: 'sleep', family: 'hostwatch_timer_sleep_overshoot_seconds', derive: 'mean', by: [] },
];

export class HistoryRecorder {
  private readonly history: History;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly registry: Registry,
    specs: readonly HistorySpec[] = STATUS_CHARTS,
  ) {
    this.history = new History(specs);
  }

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One row now; a tick still reading when the next is due is not doubled. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const families = new Map<string, readonly Sample[]>();
      for (const spec of this.history.specs) {
        const metric = this.registry.getSingleMetric(spec.family);
        if (metric && !families.has(spec.family)) families.set(spec.family, (await metric.get()).values);
      }
      this.history.record(performance.now(), families);
    } finally {
      this.busy = false;
    }
  }

  toJSON(): HistoryJson {
    return this.history.toJSON(Date.now(), performance.now());
  }
}
