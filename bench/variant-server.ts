// The exporter's real scrape path (createRegistries, startRunner, createApp from src/)
// with some of prom-client's default families taken out, to price each of them.
// Used by the "levers" phase only; the shipped exporter is dist/src/main.js.
//
// Usage: node dist/bench/variant-server.js <variant> <port> [exporter flags...]
//   full              everything the exporter serves at default settings
//   no-timesync       default settings with --no-collector.timesync
//   no-listen         default settings with --no-collector.listen
//   no-services       default settings with --no-collector.services
//   no-topology       default settings with --no-collector.topology
//   no-timer          default settings with --no-collector.timer
//   no-eventloop-lag  without nodejs_eventloop_lag_* (its collect computes 7 HDR stats)
//   no-default        without any process_* / nodejs_* family
import type { Server } from 'node:http';
import { loadConfig } from '../src/config/load';
import { createLogger } from '../src/log';
import { createRegistries, startRunner } from '../src/serve';
import { createApp } from '../src/server/app';

import { VARIANTS, type Variant } from './variant-server-names';

const dropped: Record<Variant, RegExp | undefined> = {
  full: undefined,
  'no-timesync': undefined,
  'no-listen': undefined,
  'no-services': undefined,
  'no-topology': undefined,
  'no-timer': undefined,
  'no-eventloop-lag': /^nodejs_eventloop_lag_/,
  'no-default': /^(process|nodejs)_/,
};

const extraFlags: Partial<Record<Variant, string[]>> = {
  'no-timesync': ['--no-collector.timesync'],
  'no-listen': ['--no-collector.listen'],
  'no-services': ['--no-collector.services'],
  'no-topology': ['--no-collector.topology'],
  'no-timer': ['--no-collector.timer'],
};

function main(variant: string | undefined, port: number, flags: string[]): Server {
  if (!(VARIANTS as readonly string[]).includes(variant ?? '')) {
    throw new Error(`variant must be one of ${VARIANTS.join(', ')}`);
  }
  const { config } = loadConfig([...flags, ...(extraFlags[variant as Variant] ?? [])], 'linux');
  const registries = createRegistries();
  const runner = startRunner(config, 'linux', createLogger('warn', 'json'), registries);
  const drop = dropped[variant as Variant];
  for (const registry of [registries.prometheus, registries.openmetrics]) {
    for (const { name } of registry.getMetricsAsArray())
      if (drop?.test(name)) registry.removeSingleMetric(name);
  }
  const info = {
    version: 'bench',
    platform: 'linux' as const,
    arch: process.arch,
    nodeVersion: process.version,
  };
  const app = createApp({ telemetryPath: '/metrics', registries, runner, info });
  const server = app.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void runner.stop().then(() => process.exit(0));
  });
  return server;
}

main(process.argv[2], Number(process.argv[3]), process.argv.slice(4));
