// The services collector: start modes and states of the selected services, checked
// against a policy. It reads at scrape time (a listing is a few milliseconds to a few
// tens), shares one read between concurrent scrapes and keeps it for a short cache; a
// failed read is kept as long, so a missing manager is asked again once per cache period.
// Every collection replaces all label sets, so a service removed from the host stops
// being exported at the next collection.
import { duration, flag, structured, text, type OptionValues } from '../../config/options';
import { backendFor, type Platform } from '../../platform';
import { defineCollector, type Collector, type CollectorContext } from '../types';
import { servicesMetrics, type ServicesMetrics } from './metrics';
import { CachedReading } from './cached-reading';
import { evaluatePolicy, POLICY_ACCEPTS, policyRules, policySchema } from './policy';
import { DEFAULT_INCLUDE, isValidPattern, selector } from './selection';
import {
  START_MODES,
  SERVICE_STATES,
  type PolicyRule,
  type ServiceBackend,
  type ServiceRecord,
} from './types';
import { linuxServicesBackend } from './linux';
import { windowsServicesBackend } from './windows';

const PATTERN_ACCEPTS = 'a regular expression (JavaScript syntax), matched against the whole service name';

const servicesOptions = {
  include: text({
    default: DEFAULT_INCLUDE,
    help: 'Services to export: an anchored, case-insensitive regular expression on the service name (Linux: the unit name without ".service"). The default is the timekeeping and networking services of both platforms.',
    accepts: PATTERN_ACCEPTS,
    check: isValidPattern,
  }),
  exclude: text({
    default: '',
    help: 'Services not to export, among those include selects: an anchored, case-insensitive regular expression. Services named in the policy are always exported.',
    accepts: PATTERN_ACCEPTS,
    check: isValidPattern,
  }),
  all: flag({
    default: false,
    help: 'Export every service of the host (include is ignored; exclude still applies).',
  }),
  drivers: flag({
    default: false,
    help: 'Windows: also enumerate kernel and file-system drivers (the only services that start at boot or system start).',
  }),
  cache: duration({
    default: 5,
    min: 0,
    max: 300,
    help: 'How long one reading of the service list, or a failed attempt to read it, serves scrapes before the list is read again.',
  }),
  systemd_address: text({
    default: '',
    help: 'Linux: talk to the systemd manager on its own socket instead of the system bus (as systemctl does when D-Bus is down: "unix:path=/run/systemd/private"); empty means the system bus.',
    accepts: 'empty, or a D-Bus address such as "unix:path=/run/systemd/private"',
    check: (value) => value === '' || /^[a-z]+:/.test(value),
  }),
  policy: structured({
    schema: policySchema,
    help: 'Expected start mode (and optionally state) per service name, for hostwatch_service_policy_compliant. Config file only.',
    accepts: POLICY_ACCEPTS,
  }),
};

export type ServicesOptions = OptionValues<typeof servicesOptions>;

export const servicesCollector = defineCollector({
  name: 'services',
  description:
    'Start modes and states of services (SCM on Windows, systemd on Linux), checked against a policy.',
  platforms: ['linux', 'windows'],
  options: servicesOptions,
  metrics: servicesMetrics,
  create: (ctx, options) => new ServicesCollector(ctx, options),
});

/** The service listing of this OS, as the options configure it (also what `check` reads). */
export function servicesBackend(platform: Platform, options: ServicesOptions): ServiceBackend {
  return backendFor(
    'services',
    {
      linux: () => linuxServicesBackend({ address: options.systemd_address }),
      windows: () => windowsServicesBackend({ drivers: options.drivers }),
    },
    platform,
  );
}

class ServicesCollector implements Collector {
  private readonly metrics: ServicesMetrics;
  private readonly backend: ServiceBackend;
  private readonly wanted: (name: string) => boolean;
  private readonly rules: Map<string, PolicyRule>;
  private readonly logged = new Set<string>();
  private readonly reading: CachedReading;

  constructor(
    private readonly ctx: CollectorContext,
    options: ServicesOptions,
  ) {
    this.metrics = servicesMetrics(ctx.registers);
    this.rules = policyRules(options.policy);
    this.wanted = selector({ ...options, always: [...this.rules.keys()] });
    this.backend = servicesBackend(ctx.platform, options);
    this.reading = new CachedReading((signal) => this.collect(signal), options.cache * 1000);
  }

  isReady(): boolean {
    return true;
  }

  stop(): void {
    this.backend.close?.();
  }

  update(signal: AbortSignal): Promise<void> {
    return this.reading.update(signal);
  }

  private async collect(signal: AbortSignal): Promise<void> {
    let services: ServiceRecord[];
    try {
      services = await this.backend.collect(this.wanted, signal);
    } catch (error) {
      // What we no longer know is not exported: no stale or made-up series.
      this.resetAll();
      throw error;
    } finally {
      this.logNotices();
    }
    this.record(services);
  }

  private resetAll(): void {
    for (const family of Object.values(this.metrics)) family.reset();
  }

  /** Replaces every label set in one synchronous step, so no scrape sees half of it. */
  private record(services: readonly ServiceRecord[]): void {
    const m = this.metrics;
    this.resetAll();
    for (const s of services) {
      const name = s.name;
      if (s.startMode !== undefined) {
        for (const mode of START_MODES)
          m.startMode.set({ name, start_mode: mode }, mode === s.startMode ? 1 : 0);
      }
      for (const state of SERVICE_STATES) m.state.set({ name, state }, state === s.state ? 1 : 0);
      if (s.delayedStart !== undefined) m.delayedStart.set({ name }, s.delayedStart ? 1 : 0);
      if (s.triggerStart !== undefined) m.triggerStart.set({ name }, s.triggerStart ? 1 : 0);
    }
    for (const v of evaluatePolicy(this.rules, services)) {
      m.policyCompliant.set({ name: v.name, expected: v.expected, reason: v.reason }, v.compliant ? 1 : 0);
    }
  }

  private logNotices(): void {
    for (const notice of this.backend.notices) {
      if (this.logged.has(notice)) continue;
      this.logged.add(notice);
      this.ctx.logger.warn('services: partial data', { collector: 'services', detail: notice });
    }
  }
}
