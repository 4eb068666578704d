// The Service Control Manager from the outside: register, remove, start, stop and query
// the exporter's service, through the typed calls of src/platform/windows (scm.ts,
// service-control.ts); byte layouts in layout.ts and status.ts. A refusal is an OsError
// carrying the Win32 error; every handle is closed on every path.
import { win32Error } from '../platform/errors';
import { ERROR_INVALID_LEVEL } from '../platform/windows/errors';
import {
  closeServiceHandle,
  openService,
  openServiceIfExists,
  openServiceManager,
  SC_MANAGER_CONNECT,
  SERVICE_QUERY_CONFIG,
  SERVICE_QUERY_STATUS,
  type ScHandle,
} from '../platform/windows/scm';
import * as S from '../platform/windows/service-control';
import {
  descriptionInfo,
  failureActions,
  failureActionsFlag,
  parseServiceConfig,
  restartActions,
  wideString,
  type InstalledConfig,
  type RestartAction,
} from './layout';
import { decodeStatusProcess, type ServiceStatusProcess } from './status';

export interface ServiceDefinition {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly commandLine: string;
  /** Restart after each of these delays on the first, second and later failures. */
  readonly restarts: readonly RestartAction[];
  /** Seconds without a failure after which the failure count starts again at zero. */
  readonly resetPeriodSeconds: number;
}

export interface InstalledService {
  readonly status: ServiceStatusProcess;
  readonly config: InstalledConfig;
}

function withScm<T>(access: number, use: (scm: ScHandle) => T): T {
  const scm = openServiceManager(access);
  try {
    return use(scm);
  } finally {
    closeServiceHandle(scm);
  }
}

function withService<T>(name: string, access: number, use: (service: ScHandle) => T): T {
  return withScm(SC_MANAGER_CONNECT, (scm) => {
    const service = openService(scm, name, access);
    try {
      return use(service);
    } finally {
      closeServiceHandle(service);
    }
  });
}

/** Creates the service (auto start, LocalSystem); returns what the SCM would not set. */
export function installService(def: ServiceDefinition): string[] {
  return withScm(SC_MANAGER_CONNECT | S.SC_MANAGER_CREATE_SERVICE, (scm) => {
    const registration = { ...def, startType: 'auto', errorControl: S.SERVICE_ERROR_NORMAL } as const;
    const service = S.createService(scm, registration, S.SERVICE_CHANGE_CONFIG | SERVICE_QUERY_STATUS);
    try {
      return configure(service, def);
    } finally {
      closeServiceHandle(service);
    }
  });
}

/** Description and restart on failure: ChangeServiceConfig2W, one level each. */
function configure(service: ScHandle, def: ServiceDefinition): string[] {
  const text = wideString(def.description);
  const actions = restartActions(def.restarts);
  const levels: [number, string, Buffer, Buffer[]][] = [
    [S.SERVICE_CONFIG_DESCRIPTION, 'description', descriptionInfo(S.addressOf(text)), [text]],
    [
      S.SERVICE_CONFIG_FAILURE_ACTIONS,
      'restart on failure',
      failureActions(def.resetPeriodSeconds, S.addressOf(actions), def.restarts.length),
      [actions],
    ],
    [
      S.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG,
      'restart after a non-crash failure',
      failureActionsFlag(true),
      [],
    ],
  ];
  const warnings: string[] = [];
  for (const [level, what, info, referenced] of levels) {
    const error = S.changeServiceConfig2(service, level, info, referenced);
    if (error === 0) continue;
    if (error !== ERROR_INVALID_LEVEL) throw win32Error(`ChangeServiceConfig2W(${what})`, error);
    warnings.push(`this SCM does not support ChangeServiceConfig2W level ${level} (${what}); not set`);
  }
  return warnings;
}

/** Marks the service for deletion; the SCM removes it once every handle is closed. */
export function removeService(name: string): void {
  withService(name, S.SERVICE_DELETE, S.deleteService);
}

export function startService(name: string): void {
  withService(name, S.SERVICE_START, S.startService);
}

/** Sends a control (CONTROL.stop, ...) to the running service. */
export function controlService(name: string, control: number): void {
  withService(name, S.SERVICE_STOP | SERVICE_QUERY_STATUS, (service) => S.controlService(service, control));
}

/** Status and configuration; undefined when no such service is installed. */
export function queryService(name: string): InstalledService | undefined {
  return withScm(SC_MANAGER_CONNECT, (scm) => {
    const service = openServiceIfExists(scm, name, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
    if (!service) return undefined;
    try {
      const { bytes, address } = S.queryServiceConfig(service);
      return {
        status: decodeStatusProcess(S.queryStatusProcess(service)),
        config: parseServiceConfig(bytes, address),
      };
    } finally {
      closeServiceHandle(service);
    }
  });
}
