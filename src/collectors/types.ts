// The one collector contract. A collector is created once with its own validated
// options, may sample in the background, and brings its metrics up to date on scrape.
import type { Registers } from '../runtime/metrics';
import type { ProbeThread } from '../runtime/probe-thread';
import type { Logger } from '../log';
import type { OptionTree, OptionValues } from '../config/options';
import type { Platform } from '../platform';

export interface CollectorContext {
  /** Every metric a collector creates is registered in all of these. */
  readonly registers: Registers;
  readonly logger: Logger;
  readonly platform: Platform;
  /**
   * Directory for state kept across restarts (--storage.path), or undefined when no
   * directory is writable: collectors then run without persistence.
   */
  readonly stateDir?: string;
  /**
   * The worker thread shared by every blocking OS probe (listen, the sleep probe), owned
   * and stopped by the runner. Absent (tests, `check`): a collector's probes run on a
   * thread of their own.
   */
  readonly probeThread?: ProbeThread;
}

export interface Collector {
  /** Starts background sampling; collectors that only read at scrape time omit it. */
  start?(): void;
  /**
   * Brings the collector's metrics up to date for a scrape. Throws when its data source
   * failed; the runner turns that into hostwatch_collector_success 0 and one log line.
   */
  update(signal: AbortSignal): Promise<void> | void;
  /** True once the collector has produced its first sample. */
  isReady(): boolean;
  /** Background samplers: seconds since their last sample, for the staleness gauge. */
  lastSampleAgeSeconds?(): number | undefined;
  stop?(): Promise<void> | void;
  /** HTTP GET routes the collector serves beside /metrics (listen: /probe); fixed at start. */
  routes?(): readonly CollectorRoute[];
}

/**
 * An HTTP route served for a collector. Framework-free on purpose: the collector sees the
 * query and headers and answers status, type and body; src/server/app.ts mounts it.
 */
export interface CollectorRoute {
  /** Absolute path, e.g. "/probe"; must not collide with the exporter's own paths. */
  readonly path: string;
  handle(request: RouteRequest): Promise<RouteResponse>;
}

export interface RouteRequest {
  /** Query parameters; a parameter given twice is an array. */
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  /** A request header by case-insensitive name. */
  header(name: string): string | undefined;
}

export interface RouteResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Options every collector has, besides its own. */
export interface CommonCollectorOptions {
  enabled: boolean;
  timeout: number;
}

export interface CollectorDefinition<T extends OptionTree = OptionTree> {
  readonly name: string;
  /** One sentence for --help. */
  readonly description: string;
  readonly platforms: readonly Platform[];
  readonly options: T;
  /**
   * Declares the collector's metric families in the given registries and returns them.
   * Called by the collector itself and by the catalog (docs/metrics.md), on any OS.
   */
  readonly metrics: (registers: Registers) => unknown;
  /**
   * Why the collector stays off with these options (ntp without a server), or undefined
   * when it runs. An enabled collector that is inactive is not created; `check` says why.
   */
  inactive?(options: OptionValues<T>): string | undefined;
  create(ctx: CollectorContext, options: OptionValues<T> & CommonCollectorOptions): Collector;
}

export function defineCollector<T extends OptionTree>(def: CollectorDefinition<T>): CollectorDefinition<T> {
  return def;
}
