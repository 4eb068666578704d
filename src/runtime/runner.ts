// Runs the enabled collectors: creates and starts them, brings them up to date on each
// scrape with a per-collector timeout (shortened to the scrape's own deadline when one is
// given), and records hostwatch_collector_* for each. One failing or slow collector never
// fails a scrape: it reports success 0 and the others answer. A collector is updated one
// update at a time (serial-update.ts). It hands the collectors the shared probe thread
// and stops it after them.
import type { Registers } from './metrics';
import type { Collector, CollectorDefinition, CollectorRoute } from '../collectors/types';
import type { CollectorSettings } from '../config/schema';
import type { Logger } from '../log';
import type { Platform } from '../platform';
import type { ProbeThread } from './probe-thread';
import { selfMetrics, type SelfMetrics } from './self-metrics';
import { SerialUpdate } from './serial-update';

interface Running {
  readonly name: string;
  readonly timeout: number;
  readonly updates: SerialUpdate;
  readonly collector: Collector | undefined;
  /** Why the collector could not be created or started, if it could not. */
  readonly failure: Error | undefined;
}

export class Runner {
  private readonly running: Running[] = [];
  private readonly metrics: SelfMetrics;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly registers: Registers,
    private readonly logger: Logger,
    private readonly platform: Platform,
    private readonly stateDir?: string,
    private readonly probeThread?: ProbeThread,
  ) {
    this.metrics = selfMetrics(registers);
  }

  get names(): string[] {
    return this.running.map((r) => r.name);
  }

  /** Creates and starts one collector; a failure is recorded, never thrown. */
  add(def: CollectorDefinition, settings: CollectorSettings): void {
    const ctx = {
      registers: this.registers,
      logger: this.logger,
      platform: this.platform,
      stateDir: this.stateDir,
      probeThread: this.probeThread,
    };
    let collector: Collector | undefined;
    let failure: Error | undefined;
    try {
      collector = def.create(ctx, settings as never);
      collector.start?.();
    } catch (error) {
      failure = asError(error);
      this.logger.error('collector unavailable on this host', {
        collector: def.name,
        ...errorFields(failure),
      });
    }
    const updates = new SerialUpdate(def.name);
    this.running.push({ name: def.name, timeout: settings.timeout, updates, collector, failure });
    this.metrics.errors.inc({ collector: def.name }, 0);
  }

  /** HTTP routes the running collectors serve (listen's /probe), for the HTTP layer. */
  routes(): CollectorRoute[] {
    return this.running.flatMap((r) => [...(r.collector?.routes?.() ?? [])]);
  }

  /** Ready once every collector has produced its first sample or reported that it cannot. */
  isReady(): boolean {
    return this.running.every((r) => r.failure !== undefined || (r.collector?.isReady() ?? false));
  }

  pending(): string[] {
    return this.running.filter((r) => !r.failure && !r.collector?.isReady()).map((r) => r.name);
  }

  /** Updates every collector; concurrent callers share one run. */
  update(): Promise<void> {
    this.inFlight ??= this.run(undefined).then(() => void (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * A run in which every collector's update begins no earlier than this call (after its
   * update still in flight, if any). With a budget (the scrape's timeout minus a margin),
   * a collector that cannot finish within it reports success 0 for this run.
   */
  freshUpdate(budgetSeconds?: number): Promise<void> {
    return this.run(budgetSeconds);
  }

  private async run(budgetSeconds: number | undefined): Promise<void> {
    await Promise.all(this.running.map((r) => this.updateOne(r, budgetSeconds)));
  }

  /** Stops the collectors, then the probe thread they share. */
  async stop(): Promise<void> {
    await Promise.all(this.running.map(async (r) => r.collector?.stop?.()));
    await this.probeThread?.stop();
  }

  private async updateOne(r: Running, budgetSeconds: number | undefined): Promise<void> {
    const started = performance.now();
    const labels = { collector: r.name };
    const cut = budgetSeconds !== undefined && budgetSeconds < r.timeout;
    const seconds = cut ? budgetSeconds : r.timeout;
    try {
      if (!r.collector) throw r.failure ?? new Error('collector not created');
      const collector = r.collector;
      await r.updates.run(
        (signal) => collector.update(signal),
        seconds,
        cut ? " (the scrape's deadline)" : '',
      );
      this.metrics.success.set(labels, 1);
      this.metrics.lastSuccess.set(labels, Date.now() / 1000);
    } catch (error) {
      this.metrics.success.set(labels, 0);
      this.metrics.errors.inc(labels);
      this.logOnce(r, asError(error));
    }
    this.metrics.duration.set(labels, (performance.now() - started) / 1000);
    const age = r.collector?.lastSampleAgeSeconds?.();
    if (age !== undefined) this.metrics.sampleAge.set(labels, age);
  }

  private readonly lastLogged = new Map<string, string>();

  /** One log line per distinct failure, not one per scrape. */
  private logOnce(r: Running, error: Error): void {
    if (r.failure && error === r.failure) return;
    if (this.lastLogged.get(r.name) === error.message) return;
    this.lastLogged.set(r.name, error.message);
    this.logger.warn('collector update failed', { collector: r.name, ...errorFields(error) });
  }
}

/** err (the message) and, when the error carries one, its code (errno name or number). */
function errorFields(error: Error): { err: string; code?: string } {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? { err: error.message } : { err: error.message, code: String(code) };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
