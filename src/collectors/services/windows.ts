// Windows backend: the Service Control Manager (no WMI, no PowerShell), through the typed
// calls of src/platform/windows/scm.ts. One enumeration gives names and states; per
// selected service, its start type, the delayed auto-start flag and the start triggers.
// An info level the SCM rejects with ERROR_INVALID_LEVEL (Wine does for 3 and 8) is
// remembered, reported once, and its series stay absent.
import { ERROR_INVALID_LEVEL } from '../../platform/windows/errors';
import {
  closeServiceHandle,
  openServiceIfExists,
  openServiceManager,
  SC_MANAGER_CONNECT,
  SC_MANAGER_ENUMERATE_SERVICE,
  SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
  SERVICE_CONFIG_TRIGGER_INFO,
  SERVICE_DRIVER,
  SERVICE_QUERY_CONFIG,
  SERVICE_WIN32,
  ServiceQueries,
  type ScHandle,
  type ScmAnswer,
} from '../../platform/windows/scm';
import type { EnumeratedService } from '../../platform/windows/scm-layout';
import { scmRecord } from './mapping';
import type { ServiceBackend, ServiceRecord } from './types';

const YIELD_EVERY = 16;
/** What each QueryServiceConfig2W level reads, and the series that stays absent without it. */
const LEVELS: Record<number, { what: string; series: string }> = {
  [SERVICE_CONFIG_DELAYED_AUTO_START_INFO]: {
    what: 'delayed auto-start',
    series: 'hostwatch_service_delayed_start',
  },
  [SERVICE_CONFIG_TRIGGER_INFO]: { what: 'start triggers', series: 'hostwatch_service_trigger_start' },
};

export interface WindowsBackendOptions {
  /** Also enumerate kernel and file-system drivers (the only boot and system starters). */
  readonly drivers: boolean;
  /** Size of the first enumeration buffer (tests: a small one walks the resume path). */
  readonly initialBufferBytes?: number;
}

export function windowsServicesBackend(options: WindowsBackendOptions): ServiceBackend {
  return new ScmBackend(options);
}

class ScmBackend implements ServiceBackend {
  readonly notices: string[] = [];
  private readonly queries: ServiceQueries;
  private readonly unsupportedLevels = new Set<number>();

  constructor(private readonly options: WindowsBackendOptions) {
    this.queries = new ServiceQueries(options.initialBufferBytes);
  }

  async collect(wanted: (name: string) => boolean, signal?: AbortSignal): Promise<ServiceRecord[]> {
    const scm = openServiceManager(SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
    try {
      const types = SERVICE_WIN32 | (this.options.drivers ? SERVICE_DRIVER : 0);
      const records: ServiceRecord[] = [];
      let queried = 0;
      for (const service of this.queries.enumerate(scm, types)) {
        if (!wanted(service.name)) continue;
        // Each service costs a few SCM round trips (about 1 ms under Wine): hand the
        // event loop back now and then, so /healthz and other scrapes are not held up.
        if (++queried % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
        const record = this.describe(scm, service);
        if (record) records.push(record);
      }
      return records;
    } finally {
      closeServiceHandle(scm);
    }
  }

  /** Start type and flags of one service; undefined when it vanished since the listing. */
  private describe(scm: ScHandle, service: EnumeratedService): ServiceRecord | undefined {
    let handle: ScHandle | undefined;
    try {
      handle = openServiceIfExists(scm, service.name, SERVICE_QUERY_CONFIG);
    } catch {
      // Access denied and the like: the state is known, the configuration is not.
      return scmRecord({ ...service, startType: undefined, delayedFlag: undefined, triggerCount: undefined });
    }
    if (!handle) return undefined;
    try {
      const q = this.queries;
      return scmRecord({
        ...service,
        startType: valueOf(q.startType(handle)),
        delayedFlag: this.level(SERVICE_CONFIG_DELAYED_AUTO_START_INFO, () => q.delayedAutoStart(handle)),
        triggerCount: this.level(SERVICE_CONFIG_TRIGGER_INFO, () => q.triggerCount(handle)),
      });
    } finally {
      closeServiceHandle(handle);
    }
  }

  /** A QueryServiceConfig2W level, skipped for good once the SCM said it has none. */
  private level<T>(level: number, query: () => ScmAnswer<T>): T | undefined {
    if (this.unsupportedLevels.has(level)) return undefined;
    const answer = query();
    if (!answer.ok && answer.error === ERROR_INVALID_LEVEL) {
      this.unsupportedLevels.add(level);
      const { what, series } = LEVELS[level] ?? { what: 'unknown', series: 'its series' };
      this.notices.push(
        `QueryServiceConfig2W level ${level} (${what}) is not supported by this SCM (error ${ERROR_INVALID_LEVEL}, ERROR_INVALID_LEVEL); ${series} is absent`,
      );
    }
    return valueOf(answer);
  }
}

/** The value, or undefined when the SCM could not answer (access denied, being deleted). */
function valueOf<T>(answer: ScmAnswer<T>): T | undefined {
  return answer.ok ? answer.value : undefined;
}
