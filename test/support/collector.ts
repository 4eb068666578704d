// Runs one collector in-process against fresh registries, with its options validated
// by the same schema as the config file, and its log lines captured.
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import winston from 'winston';
import { section, type OptionTree } from '../../src/config/options';
import {
  defineCollector,
  type Collector,
  type CollectorContext,
  type CollectorDefinition,
} from '../../src/collectors/types';
import { currentPlatform } from '../../src/platform';

export interface CollectorUnderTest {
  readonly collector: Collector;
  readonly logs: string[];
  /** update() then the text exposition of everything the collector registered. */
  scrape(): Promise<string>;
  /** The text exposition as it stands, without an update (e.g. after a failed one). */
  exposition(): Promise<string>;
}

export function createCollector<T extends OptionTree>(
  def: CollectorDefinition<T>,
  options: Record<string, unknown>,
): CollectorUnderTest {
  const registry = new Registry();
  const { logger, logs } = captureLogger();
  const values = section(def.options).parse(options);
  const platform = currentPlatform() ?? 'linux';
  const collector = def.create({ registers: [registry], logger, platform }, {
    ...values,
    enabled: true,
    timeout: 5,
  } as never);
  return {
    collector,
    logs,
    scrape: async () => {
      await collector.update(new AbortController().signal);
      return registry.metrics();
    },
    exposition: () => registry.metrics(),
  };
}

/** A logger whose lines (JSON, one per entry) land in `logs`, for tests to read. */
export function captureLogger(level = 'info'): { logger: winston.Logger; logs: string[] } {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = winston.createLogger({
    level,
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
  return { logger, logs };
}

/** A definition around a hand-made collector, for tests of the runner and the server. */
export function stubCollector(
  name: string,
  create: (ctx: CollectorContext) => Collector,
): CollectorDefinition {
  return defineCollector({
    name,
    description: `The test's own ${name} collector.`,
    platforms: ['linux', 'windows'],
    options: {},
    metrics: () => undefined,
    create,
  });
}
