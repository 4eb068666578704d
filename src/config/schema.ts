// The whole configuration: web, log and one section per collector. Built from the
// collector map so a new collector brings its options, flags and help with it.
import { COLLECTORS } from '../collectors';
import type { CollectorDefinition, CommonCollectorOptions } from '../collectors/types';
import { LOG_FORMATS, LOG_LEVELS } from '../log';
import type { Platform } from '../platform';
import {
  duration,
  flag,
  integer,
  oneOf,
  section,
  sectionShape,
  text,
  type OptionTree,
  type OptionValues,
} from './options';
import { parseListenAddress } from './address';
import { refine, strictObject, whenMissing } from './checks';
import type { Schema } from './validate';

const webOptions = {
  listen_address: text({
    default: ':9877',
    help: 'Address to listen on for the web interface and telemetry.',
    accepts:
      'host:port with a port from 0 (any free port) to 65535 (":9877", "127.0.0.1:9877", "[::1]:9877")',
    check: (value) => parseListenAddress(value) !== undefined,
  }),
  telemetry_path: text({
    default: '/metrics',
    help: 'Path under which to expose metrics.',
    accepts:
      'a path starting with "/" other than "/", "/healthz", "/readyz", "/probe" or one under "/status/"',
    check: (value) =>
      /^\/[\w\-./]+$/.test(value) &&
      !['/healthz', '/readyz', '/probe'].includes(value) &&
      !value.startsWith('/status/'),
  }),
  max_requests: integer({
    default: 40,
    min: 0,
    max: 10000,
    help: 'Most requests served at once; a request beyond it gets 503 with Retry-After (/healthz and /readyz are always answered). 0: no limit.',
  }),
  header_timeout: duration({
    default: 10,
    min: 1,
    max: 300,
    help: 'Longest a client may take to send the request headers (and to finish the TLS handshake); then the connection is closed.',
  }),
  request_timeout: duration({
    default: 30,
    min: 1,
    max: 600,
    help: 'Longest a client may take to send its whole request; then it gets 408 and the connection is closed. At least --web.header-timeout.',
  }),
  max_header_bytes: integer({
    default: 8192,
    min: 1024,
    max: 65536,
    help: 'Largest request header section in bytes; a larger one gets 431.',
  }),
};

/** --web.config.file: the flag's name is the Prometheus one, so it is a section of its own. */
const webConfigFileOptions = {
  file: text({
    default: '',
    help: "Web configuration file in Prometheus exporter-toolkit's format: TLS, basic auth, response headers (docs/security.md). Re-read when it or a file it names changes. Empty: plain HTTP without auth.",
    accepts: 'a path to a YAML file, or empty',
    check: (value) => !value.includes('\0'),
  }),
};

const storageOptions = {
  path: text({
    default: '',
    help: 'Directory for state kept across restarts (last wall-minus-monotonic reading, event-log bookmark). Empty: /var/lib/hostwatch-exporter, else $XDG_CACHE_HOME (or ~/.cache)/hostwatch-exporter on Linux; %ProgramData%\\hostwatch-exporter on Windows; the first one that is writable.',
    accepts: 'a directory path, or empty for the default',
    check: (value) => !value.includes('\0'),
  }),
};

const logOptions = {
  level: oneOf({
    values: LOG_LEVELS,
    default: 'info',
    help: 'Only log messages with the given severity or above.',
  }),
  format: oneOf({ values: LOG_FORMATS, default: 'json', help: 'Output format of log messages.' }),
};

/** The options every collector has, with its default depending on the platform. */
function commonCollectorOptions(name: string, supported: boolean) {
  return {
    enabled: flag({
      default: supported,
      help: supported
        ? `Enable the ${name} collector.`
        : `Enable the ${name} collector (not supported on this platform).`,
    }),
    timeout: duration({
      default: 5,
      min: 0.1,
      max: 60,
      help: `Longest a ${name} scrape-time update may take.`,
    }),
  };
}

export type CollectorSettings = CommonCollectorOptions & Record<string, unknown>;

export interface Config {
  web: OptionValues<typeof webOptions> & { config: OptionValues<typeof webConfigFileOptions> };
  log: OptionValues<typeof logOptions>;
  storage: OptionValues<typeof storageOptions>;
  collectors: Record<string, CollectorSettings>;
}

/**
 * One collector's settings, typed by its own definition. configSchema built this section
 * from the same definition's options, so the values have exactly that shape: this is the
 * one place that says so to the compiler.
 */
export function collectorSettings<T extends OptionTree>(
  config: Config,
  def: CollectorDefinition<T>,
): OptionValues<T> & CommonCollectorOptions {
  const settings = config.collectors[def.name];
  if (!settings) throw new Error(`the configuration has no section for the ${def.name} collector`);
  return settings as OptionValues<T> & CommonCollectorOptions;
}

/** Every option by dotted key, for flags, --help and error messages. */
export function optionTrees(platform: Platform): Record<string, OptionTree> {
  const trees: Record<string, OptionTree> = {
    web: webOptions,
    'web.config': webConfigFileOptions,
    log: logOptions,
    storage: storageOptions,
  };
  for (const c of COLLECTORS) {
    trees[`collectors.${c.name}`] = {
      ...commonCollectorOptions(c.name, c.platforms.includes(platform)),
      ...c.options,
    };
  }
  return trees;
}

export function configSchema(platform: Platform): Schema<Config> {
  const trees = optionTrees(platform);
  const collectorShape: Record<string, Schema<unknown>> = {};
  for (const c of COLLECTORS) collectorShape[c.name] = section(trees[`collectors.${c.name}`] ?? {});
  const webShape = { ...sectionShape(webOptions), config: section(webConfigFileOptions) };
  // Node's HTTP server refuses a header timeout longer than the request timeout.
  const web = refine(strictObject(webShape), (w) =>
    (w['header_timeout'] as number) <= (w['request_timeout'] as number)
      ? undefined
      : {
          path: ['request_timeout'],
          code: 'relation',
          message: 'a duration at least as long as web.header_timeout (--web.header-timeout)',
        },
  );
  const whole = strictObject({
    web: whenMissing(web, {}),
    log: section(logOptions),
    storage: section(storageOptions),
    collectors: whenMissing(strictObject(collectorShape), {}),
  });
  return whole as Schema<unknown> as Schema<Config>;
}
