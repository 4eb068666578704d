// Windows timesync backend: W32Time configuration (registry) and state (SCM), the
// kernel time adjustment, the W32Time performance counters (windows-pdh.ts) and the
// event log (windows-eventlog.ts). Every input is optional: each one that answers adds
// its series, each one that does not is reported in hostwatch_timesync_input_available.
import { HKEY_LOCAL_MACHINE, readRegistryString } from '../../platform/windows/registry';
import {
  closeServiceHandle,
  openServiceIfExists,
  openServiceManager,
  SC_MANAGER_CONNECT,
  SERVICE_QUERY_STATUS,
  SERVICE_RUNNING,
  serviceCurrentState,
} from '../../platform/windows/scm';
import { preciseTimeAdjustment } from '../../platform/windows/time';
import { adjustmentRatio, normalizeW32TimeType, parseNtpServers } from './parse';
import { inputReader } from './read-input';
import type { InputErrorHandler, TimesyncBackend, TimesyncReading } from './types';
import { EventLogReader } from './windows-eventlog';
import { W32TimeCounters } from './windows-pdh';

const W32TIME_PARAMETERS = 'SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters';

export interface WindowsBackendSettings {
  readonly stateDir: string | undefined;
  readonly onError: InputErrorHandler;
  readonly onNotice: (message: string, fields: Record<string, unknown>) => void;
}

export function windowsTimesyncBackend(settings: WindowsBackendSettings): TimesyncBackend {
  const counters = new W32TimeCounters();
  const events = new EventLogReader(settings.stateDir);
  let eventsOk = false;
  let countersOk = false;
  const readInput = inputReader(settings.onError);
  return {
    read(): TimesyncReading {
      const registry = readInput('registry', readW32TimeConfig);
      const running = readInput('service', w32timeRunning);
      const adjustment = readInput('time_adjustment', readTimeAdjustment);
      const pdh = countersOk ? readInput('pdh', () => counters.read()) : undefined;
      return {
        ...(running !== undefined && {
          windowsService: { serviceRunning: running, type: registry?.type },
          serviceRunning: running,
        }),
        ...(registry?.type !== undefined && {
          source: { type: registry.type, server: registry.servers.join(' ') },
        }),
        ...(adjustment && { frequencyRatio: adjustment.ratio, adjustmentActive: adjustment.active }),
        ...pdh,
        inputs: {
          registry: registry !== undefined,
          service: running !== undefined,
          time_adjustment: adjustment !== undefined,
          pdh: pdh !== undefined,
        },
      };
    },
    start() {
      countersOk = readInput('pdh', () => counters.open()) !== undefined;
      const opened = readInput('eventlog', () => events.open());
      eventsOk = opened !== undefined;
      if (opened) settings.onNotice('event log bookmark ready', { bookmark: opened });
    },
    drain() {
      if (!eventsOk) return { steps: [], events: [] };
      const found = readInput('eventlog', () => events.read());
      if (!found) eventsOk = false;
      return found ?? { steps: [], events: [] };
    },
    watcherInputs: () => ({ eventlog: eventsOk }),
    stop() {
      counters.close();
      events.close();
    },
  };
}

interface W32TimeConfig {
  readonly type: string | undefined;
  readonly servers: string[];
}

/** Parameters\Type and NtpServer; an absent key or value is "not configured", not an error. */
function readW32TimeConfig(): W32TimeConfig {
  const type = readRegistryString(HKEY_LOCAL_MACHINE, W32TIME_PARAMETERS, 'Type');
  const servers = readRegistryString(HKEY_LOCAL_MACHINE, W32TIME_PARAMETERS, 'NtpServer');
  return {
    type: type === undefined ? undefined : normalizeW32TimeType(type),
    servers: servers === undefined ? [] : parseNtpServers(servers),
  };
}

/** W32Time state from the SCM; a service that does not exist is not running. */
function w32timeRunning(): boolean {
  const scm = openServiceManager(SC_MANAGER_CONNECT);
  try {
    const service = openServiceIfExists(scm, 'W32Time', SERVICE_QUERY_STATUS);
    if (!service) return false;
    try {
      return serviceCurrentState(service) === SERVICE_RUNNING;
    } finally {
      closeServiceHandle(service);
    }
  } finally {
    closeServiceHandle(scm);
  }
}

/** GetSystemTimeAdjustmentPrecise where it exists (Windows 10+), else the 32-bit call. */
function readTimeAdjustment(): { ratio: number; active: boolean } {
  const a = preciseTimeAdjustment();
  const result = adjustmentRatio(a.adjustment, a.increment, a.disabled);
  if (!result) throw new Error(`${a.call} returned a zero increment`);
  return result;
}
