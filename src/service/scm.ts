// The Service Control Manager from the outside: register, remove, start, stop and query
// the exporter's service. Thin I/O over src/platform/windows/service-control.ts; the
// byte layouts are in scm-layout.ts and status.ts. Every handle is closed on every path.
import * as S from '../platform/windows/service-control';
import {
  descriptionInfo,
  failureActions,
  failureActionsFlag,
  parseServiceConfig,
  QUERY_SERVICE_CONFIGW_SIZE,
  restartActions,
  wideString,
  type InstalledConfig,
  type RestartAction,
} from './scm-layout';
import {
  decodeStatusProcess,
  SERVICE_STATUS_PROCESS_SIZE,
  SERVICE_STATUS_SIZE,
  SERVICE_WIN32_OWN_PROCESS,
  type ServiceStatusProcess,
} from './status';

type Handle = unknown;
const isNull = (h: Handle): boolean => h === null || h === undefined || h === 0n;

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

export class ScmError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export interface InstalledService {
  readonly status: ServiceStatusProcess;
  readonly config: InstalledConfig;
}

export class ScmClient {
  constructor(private readonly api: S.ScmClientApi = S.scmClientApi()) {}

  /** Creates the service (auto start, LocalSystem); returns what the SCM would not set. */
  install(def: ServiceDefinition): string[] {
    return this.withScm(S.SC_MANAGER_CONNECT | S.SC_MANAGER_CREATE_SERVICE, (scm) => {
      const access = S.SERVICE_CHANGE_CONFIG | S.SERVICE_QUERY_STATUS;
      const service = this.api.CreateServiceW(
        scm, def.name, def.displayName, access, SERVICE_WIN32_OWN_PROCESS, S.SERVICE_AUTO_START,
        S.SERVICE_ERROR_NORMAL, def.commandLine, null, null, null, null, null,
      ) as Handle; // prettier-ignore
      if (isNull(service)) throw this.failure(`CreateServiceW(${def.name})`);
      try {
        return this.configure(service, def);
      } finally {
        this.api.CloseServiceHandle(service);
      }
    });
  }

  /** Description and restart-on-failure: ChangeServiceConfig2W, one level each. */
  private configure(service: Handle, def: ServiceDefinition): string[] {
    const text = wideString(def.description);
    const actions = restartActions(def.restarts);
    const levels: [number, string, Buffer][] = [
      [S.SERVICE_CONFIG_DESCRIPTION, 'description', descriptionInfo(this.api.addressOf(text))],
      [
        S.SERVICE_CONFIG_FAILURE_ACTIONS,
        'restart on failure',
        failureActions(def.resetPeriodSeconds, this.api.addressOf(actions), def.restarts.length),
      ],
      [S.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, 'restart after a non-crash failure', failureActionsFlag(true)],
    ];
    const warnings: string[] = [];
    for (const [level, what, info] of levels) {
      if (this.api.ChangeServiceConfig2W(service, level, info)) continue;
      const code = this.lastError();
      if (code !== S.ERROR_INVALID_LEVEL) throw new ScmError(`ChangeServiceConfig2W(${what}) failed`, code);
      warnings.push(`this SCM does not support ChangeServiceConfig2W level ${level} (${what}); not set`);
    }
    return warnings;
  }

  /** Marks the service for deletion; the SCM removes it once every handle is closed. */
  remove(name: string): void {
    this.withService(name, S.SERVICE_DELETE, (service) => {
      if (!this.api.DeleteService(service)) throw this.failure(`DeleteService(${name})`);
    });
  }

  start(name: string): void {
    this.withService(name, S.SERVICE_START, (service) => {
      if (!this.api.StartServiceW(service, 0, null)) throw this.failure(`StartServiceW(${name})`);
    });
  }

  /** Sends a control (CONTROL.stop, ...) to the running service. */
  control(name: string, control: number): void {
    this.withService(name, S.SERVICE_STOP | S.SERVICE_QUERY_STATUS, (service) => {
      const status = Buffer.alloc(SERVICE_STATUS_SIZE);
      if (!this.api.ControlService(service, control, status)) {
        throw this.failure(`ControlService(${name}, ${control})`);
      }
    });
  }

  /** Status and configuration; undefined when no such service is installed. */
  query(name: string): InstalledService | undefined {
    try {
      return this.withService(name, S.SERVICE_QUERY_STATUS | S.SERVICE_QUERY_CONFIG, (service) => ({
        status: this.status(service),
        config: this.config(service),
      }));
    } catch (error) {
      if (error instanceof ScmError && error.code === S.ERROR_SERVICE_DOES_NOT_EXIST) return undefined;
      throw error;
    }
  }

  private status(service: Handle): ServiceStatusProcess {
    const buf = Buffer.alloc(SERVICE_STATUS_PROCESS_SIZE);
    const needed = Buffer.alloc(4);
    if (!this.api.QueryServiceStatusEx(service, S.SC_STATUS_PROCESS_INFO, buf, buf.length, needed)) {
      throw this.failure('QueryServiceStatusEx');
    }
    return decodeStatusProcess(buf);
  }

  private config(service: Handle): InstalledConfig {
    const needed = Buffer.alloc(4);
    let buf = Buffer.alloc(QUERY_SERVICE_CONFIGW_SIZE);
    if (!this.api.QueryServiceConfigW(service, buf, buf.length, needed)) {
      if (this.lastError() !== S.ERROR_INSUFFICIENT_BUFFER) throw this.failure('QueryServiceConfigW');
      buf = Buffer.alloc(needed.readUInt32LE(0));
      if (!this.api.QueryServiceConfigW(service, buf, buf.length, needed)) {
        throw this.failure('QueryServiceConfigW');
      }
    }
    return parseServiceConfig(buf, this.api.addressOf(buf));
  }

  private withScm<T>(access: number, use: (scm: Handle) => T): T {
    const scm = this.api.OpenSCManagerW(null, null, access) as Handle;
    if (isNull(scm)) throw this.failure('OpenSCManagerW');
    try {
      return use(scm);
    } finally {
      this.api.CloseServiceHandle(scm);
    }
  }

  private withService<T>(name: string, access: number, use: (service: Handle) => T): T {
    return this.withScm(S.SC_MANAGER_CONNECT, (scm) => {
      const service = this.api.OpenServiceW(scm, name, access) as Handle;
      if (isNull(service)) throw this.failure(`OpenServiceW(${name})`);
      try {
        return use(service);
      } finally {
        this.api.CloseServiceHandle(service);
      }
    });
  }

  private lastError(): number {
    return this.api.GetLastError() as number;
  }

  private failure(call: string): ScmError {
    const code = this.lastError();
    return new ScmError(`${call} failed (Win32 error ${code})`, code);
  }
}
