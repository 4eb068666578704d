// Windows timesync backend: W32Time configuration (registry) and state (SCM), the
// kernel time adjustment, the W32Time performance counters (windows-pdh.ts) and the
// event log (windows-eventlog.ts). Every input is optional: each one that answers adds
// its series, each one that does not is reported in hostwatch_timesync_input_available.
import { timesyncAdvapi32, HKEY_LOCAL_MACHINE, RRF_RT_REG_SZ } from '../../platform/windows/advapi32';
import {
  SC_MANAGER_CONNECT,
  SERVICE_QUERY_STATUS,
  SERVICE_STATUS_SIZE,
} from '../../platform/windows/advapi32';
import { getSystemTimeAdjustmentPrecise, kernel32 } from '../../platform/windows/kernel32';
import {
  adjustmentRatio,
  decodeRegSz,
  normalizeW32TimeType,
  parseNtpServers,
  serviceStateOf,
  SERVICE_RUNNING,
} from './parse';
import type { TimesyncBackend, TimesyncReading } from './types';
import { EventLogReader } from './windows-eventlog';
import { W32TimeCounters } from './windows-pdh';

const W32TIME_PARAMETERS = 'SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters';
const ERROR_FILE_NOT_FOUND = 2;
const ERROR_SERVICE_DOES_NOT_EXIST = 1060;

export interface WindowsBackendSettings {
  readonly stateDir: string | undefined;
  readonly onError: (input: string, error: Error) => void;
  readonly onNotice: (message: string, fields: Record<string, unknown>) => void;
}

export function windowsTimesyncBackend(settings: WindowsBackendSettings): TimesyncBackend {
  const counters = new W32TimeCounters();
  const events = new EventLogReader(settings.stateDir);
  let eventsOk = false;
  let countersOk = false;
  const tryRead = <T>(input: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      settings.onError(input, error as Error);
      return undefined;
    }
  };
  return {
    read(): TimesyncReading {
      const registry = tryRead('registry', readW32TimeConfig);
      const running = tryRead('service', w32timeRunning);
      const adjustment = tryRead('time_adjustment', readTimeAdjustment);
      const pdh = countersOk ? tryRead('pdh', () => counters.read()) : undefined;
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
      countersOk = tryRead('pdh', () => counters.open()) !== undefined;
      const opened = tryRead('eventlog', () => events.open());
      eventsOk = opened !== undefined;
      if (opened) settings.onNotice('event log bookmark ready', { bookmark: opened });
    },
    drain() {
      if (!eventsOk) return { steps: [], events: [] };
      const found = tryRead('eventlog', () => events.read());
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
  const type = readRegSz(W32TIME_PARAMETERS, 'Type');
  const servers = readRegSz(W32TIME_PARAMETERS, 'NtpServer');
  return {
    type: type === undefined ? undefined : normalizeW32TimeType(type),
    servers: servers === undefined ? [] : parseNtpServers(servers),
  };
}

function readRegSz(subKey: string, value: string): string | undefined {
  const api = timesyncAdvapi32();
  const data = Buffer.alloc(2048);
  const size = [data.length];
  const status = api.RegGetValueW(HKEY_LOCAL_MACHINE, subKey, value, RRF_RT_REG_SZ, [0], data, size);
  if (status === ERROR_FILE_NOT_FOUND) return undefined;
  if (status !== 0) throw new Error(`RegGetValueW(${value}) failed (error ${status})`);
  return decodeRegSz(data, size[0] ?? 0);
}

/** W32Time state from the SCM; a service that does not exist is not running. */
function w32timeRunning(): boolean {
  const api = timesyncAdvapi32();
  const k32 = kernel32();
  const scm = api.OpenSCManagerW(null, null, SC_MANAGER_CONNECT) as number;
  if (!scm) throw new Error(`OpenSCManagerW failed (error ${k32.GetLastError()})`);
  try {
    const service = api.OpenServiceW(scm, 'W32Time', SERVICE_QUERY_STATUS) as number;
    if (!service) {
      const error = k32.GetLastError() as number;
      if (error === ERROR_SERVICE_DOES_NOT_EXIST) return false;
      throw new Error(`OpenServiceW(W32Time) failed (error ${error})`);
    }
    try {
      const status = Buffer.alloc(SERVICE_STATUS_SIZE);
      if (!api.QueryServiceStatus(service, status)) {
        throw new Error(`QueryServiceStatus failed (error ${k32.GetLastError()})`);
      }
      return serviceStateOf(status) === SERVICE_RUNNING;
    } finally {
      api.CloseServiceHandle(service);
    }
  } finally {
    api.CloseServiceHandle(scm);
  }
}

let precise: ReturnType<typeof getSystemTimeAdjustmentPrecise> | null = null;

/** GetSystemTimeAdjustmentPrecise where it exists (Windows 10+), else the 32-bit call. */
function readTimeAdjustment(): { ratio: number; active: boolean } {
  if (precise === null) precise = getSystemTimeAdjustmentPrecise();
  const adjustment = [0];
  const increment = [0];
  const disabled = [0];
  const fn = precise ?? kernel32().GetSystemTimeAdjustment;
  if (!fn(adjustment, increment, disabled)) {
    throw new Error(`GetSystemTimeAdjustment failed (error ${kernel32().GetLastError()})`);
  }
  const result = adjustmentRatio(Number(adjustment[0]), Number(increment[0]), disabled[0] !== 0);
  if (!result) throw new Error('GetSystemTimeAdjustment returned a zero increment');
  return result;
}
