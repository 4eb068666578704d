// Wires configuration, collectors and the HTTP server together, and shuts them down.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';
import { COLLECTORS } from './collectors';
import { resolveStorageDir } from './config/storage';
import type { Config } from './config/schema';
import type { Logger } from './log';
import type { Platform } from './platform';
import { OpenMetricsRegistry } from './runtime/openmetrics-registry';
import { ProbeThread } from './runtime/probe-thread';
import { buildInfo } from './runtime/self-metrics';
import { Runner } from './runtime/runner';
import type { Registries } from './server/app';
import { HistoryRecorder } from './server/status/recorder';
import { ExpositionCache } from './server/exposition';
import { fastPathFirst } from './server/fast-path';
import { lazyApp, loadApp } from './server/lazy-app';
import { startHttp } from './server/start';
import { loadWebSettings } from './server/web/settings';
import { VERSION } from './version';

export function createRegistries(): Registries {
  const prometheus = new Registry();
  const openmetrics = new OpenMetricsRegistry();
  return { prometheus, openmetrics };
}

/**
 * prom-client's process_* and nodejs_* families, minus the nodejs_active_*_total gauges:
 * `promtool check metrics` rejects a gauge named like a counter, and a scrape of this
 * exporter must lint clean. Created once and registered in both registries, as every
 * hostwatch family is: one event-loop delay monitor and one GC observer instead of one
 * per registry, which halves their idle wake-ups and memory. The delay monitor samples
 * every 50 ms instead of prom-client's 10: its timer was over half of the exporter's idle
 * CPU (0.7% of a core of 1.25% on the bench machine), and the exporter's own event loop
 * needs no finer watch (stalls of 50 ms and more still show in full; the host's timers
 * are the timer collector's job).
 */
function processMetrics(registries: Registries, eventLoopSampleMs: number): void {
  const { prometheus, openmetrics } = registries;
  collectDefaultMetrics({ register: prometheus, eventLoopMonitoringPrecision: eventLoopSampleMs });
  // getMetricsAsArray() is typed as plain objects but returns the metric instances.
  for (const metric of prometheus.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type === 'gauge' && name.endsWith('_total')) prometheus.removeSingleMetric(name);
    else if (!openmetrics.getSingleMetric(name)) openmetrics.registerMetric(metric as unknown as Metric);
  }
}

export interface Exporter {
  readonly server: Server;
  readonly runner: Runner;
  close(): Promise<void>;
}

export interface RunnerOptions {
  /**
   * One probe thread shared by every collector (the default), or none: then each listen
   * target and the sleep probe run on a worker of their own, as before the probe thread
   * existed (bench/variant-server.ts prices the difference).
   */
  readonly shareProbeThread?: boolean;
  /** How often the event-loop delay monitor samples, in ms: 50 unless given (processMetrics). */
  readonly eventLoopSampleMs?: number;
}

export function startRunner(
  config: Config,
  platform: Platform,
  logger: Logger,
  registries: Registries,
  options: RunnerOptions = {},
): Runner {
  const registers = [registries.prometheus, registries.openmetrics];
  buildInfo(registers, { version: VERSION, platform, arch: process.arch, node_version: process.version });
  processMetrics(registries, options.eventLoopSampleMs ?? 50);
  const probeThread = options.shareProbeThread === false ? undefined : new ProbeThread();
  const stateDir = stateDirectory(config, platform, logger);
  const runner = new Runner(registers, logger, platform, stateDir, probeThread);
  for (const def of COLLECTORS) {
    const settings = config.collectors[def.name];
    if (!settings?.enabled) continue;
    if (!def.platforms.includes(platform)) {
      logger.warn('collector not supported on this platform; skipped', { collector: def.name, platform });
      continue;
    }
    const inactive = def.inactive?.(settings as never);
    if (inactive !== undefined) {
      logger.info('collector off', { collector: def.name, reason: inactive });
      continue;
    }
    runner.add(def, settings);
  }
  return runner;
}

/** The storage directory, created if needed; without one the exporter runs statelessly. */
function stateDirectory(config: Config, platform: Platform, logger: Logger): string | undefined {
  const dir = resolveStorageDir(config.storage.path, platform);
  if (dir === undefined) {
    logger.warn('no writable storage directory; state is not kept across restarts', {
      configured: config.storage.path || '(default)',
    });
  }
  return dir;
}

export async function serve(config: Config, platform: Platform, logger: Logger): Promise<Exporter> {
  // Read before anything starts: a web config file that cannot be used exits 2 naming the key.
  const web = config.web.config.file ? loadWebSettings(config.web.config.file) : undefined;
  const registries = createRegistries();
  const runner = startRunner(config, platform, logger, registries);
  // One update at start: scrape-time collectors produce their first sample now, so
  // /readyz turns ready without waiting for Prometheus's first scrape.
  void runner.update();
  const history = new HistoryRecorder(registries.prometheus);
  history.start();
  const exposition = new ExpositionCache(runner, registries);
  const telemetryPath = config.web.telemetry_path;
  const info = { version: VERSION, platform, arch: process.arch, nodeVersion: process.version };
  // express is loaded on the first request the fast paths leave to it (lazy-app.ts).
  const app = lazyApp(
    () => loadApp({ telemetryPath, registries, runner, history, info, exposition, logger }),
    logger,
  );
  const listener = fastPathFirst({ telemetryPath, exposition, runner, logger }, app);
  const http = await startHttp(listener, config.web, web, logger).catch(async (error: unknown) => {
    history.stop();
    await runner.stop();
    throw error;
  });
  const bound = http.server.address() as AddressInfo;
  logger.info('listening', {
    address: bound.address,
    port: bound.port,
    tls: web?.tls !== undefined,
    basic_auth: (web?.config.users.size ?? 0) > 0,
    collectors: runner.names.join(','),
  });
  const close = async () => {
    http.stopWatching();
    history.stop();
    await shutdown(http.server, runner);
  };
  return { server: http.server, runner, close };
}

/** Stops accepting, lets in-flight scrapes finish, and gives up on stragglers after 4 s. */
export async function shutdown(server: Server, runner: Runner): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 4000);
  await closed;
  clearTimeout(force);
  await runner.stop();
}
