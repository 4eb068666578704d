// Runs the enabled collectors: creates and starts them, brings them up to date on each
// scrape with a per-collector timeout, and records hostwatch_collector_* for each.
// One failing collector never fails a scrape; concurrent scrapes share one update. It
// hands the collectors the shared probe thread and stops it after them.
import type { Registers } from './metrics';
import type { Collector, CollectorDefinition, CollectorRoute } from '../collectors/types';
import type { CollectorSettings } from '../config/schema';
import type { Logger } from '../log';
import type { Platform } from '../platform';
import type { ProbeThread } from './probe-thread';
import { selfMetrics, type SelfMetrics } from './self-metrics';

interface Running {
  readonly name: string;
  readonly timeout: number;
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
    this.running.push({ name: def.name, timeout: settings.timeout, collector, failure });
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

  /** Updates every collector for a scrape; concurrent callers share one run. */
  update(): Promise<void> {
    this.inFlight ??= Promise.all(this.running.map((r) => this.updateOne(r))).then(
      () => void (this.inFlight = undefined),
    );
    return this.inFlight;
  }

  /** An update that begins no earlier than this call: after the one in flight, if any. */
  freshUpdate(): Promise<void> {
    const current = this.inFlight;
    return current ? current.then(() => this.update()) : this.update();
  }

  /** Stops the collectors, then the probe thread they share. */
  async stop(): Promise<void> {
    await Promise.all(this.running.map(async (r) => r.collector?.stop?.()));
    await this.probeThread?.stop();
  }

  private async updateOne(r: Running): Promise<void> {
    const started = performance.now();
    const labels = { collector: r.name };
    try {
      if (!r.collector) throw r.failure ?? new Error('collector not created');
      await withTimeout((signal) => r.collector?.update(signal), r.timeout, r.name);
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

async function withTimeout(
  run: (signal: AbortSignal) => unknown,
  seconds: number,
  name: string,
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${name} update timed out after ${seconds} s`));
    }, seconds * 1000);
  });
  try {
    await Promise.race([Promise.resolve().then(() => run(controller.signal)), deadline]);
  } finally {
    clearTimeout(timer);
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
