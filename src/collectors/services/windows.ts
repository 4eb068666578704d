// Windows backend: the Service Control Manager through advapi32 (no WMI, no PowerShell).
// One EnumServicesStatusExW pass gives names and states; per selected service,
// OpenServiceW + QueryServiceConfigW give the start type and QueryServiceConfig2W the
// delayed auto-start flag and the start triggers. Every buffer is sized from the API's
// own bytes-needed answer. An info level the SCM rejects with ERROR_INVALID_LEVEL (Wine
// does for 3 and 8) is remembered, reported once, and its series stay absent.
import { loadKoffi } from '../../platform/koffi';
import * as A from '../../platform/windows/advapi32';
import { kernel32 } from '../../platform/windows/kernel32';
import { scmRecord } from './mapping';
import {
  delayedFlagOf,
  parseEnumServices,
  startTypeOf,
  triggerCountOf,
  type EnumeratedService,
} from './scm-layout';
import { enumerateAll, type EnumAnswer } from './scm-enum';
import type { ServiceBackend, ServiceRecord } from './types';

type Handle = unknown;
const isNull = (h: Handle): boolean => h === null || h === undefined || h === 0n;
const YIELD_EVERY = 16;

export interface WindowsBackendOptions {
  /** Also enumerate kernel and file-system drivers (the only boot and system starters). */
  readonly drivers: boolean;
  /**
   * Size of the first enumeration buffer (default 0: the first call only asks the SCM
   * how many bytes it needs). Tests set a small one to walk the resume-handle path.
   */
  readonly initialBufferBytes?: number;
}

export function windowsServicesBackend(options: WindowsBackendOptions): ServiceBackend {
  return new ScmBackend(options);
}

class ScmBackend implements ServiceBackend {
  readonly notices: string[] = [];
  private readonly api = A.scmQueries();
  private readonly lastError = kernel32().GetLastError;
  private readonly needed = Buffer.alloc(4);
  private readonly returned = Buffer.alloc(4);
  private readonly resume = Buffer.alloc(4);
  private enumBuffer: Buffer;
  private configBuffer = Buffer.alloc(512);
  private readonly unsupportedLevels = new Set<number>();

  constructor(private readonly options: WindowsBackendOptions) {
    this.enumBuffer = Buffer.alloc(options.initialBufferBytes ?? 0);
  }

  async collect(wanted: (name: string) => boolean, signal?: AbortSignal): Promise<ServiceRecord[]> {
    const access = A.SC_MANAGER_CONNECT | A.SC_MANAGER_ENUMERATE_SERVICE;
    const scm = this.api.OpenSCManagerW(null, null, access) as Handle;
    if (isNull(scm)) throw new Error(`OpenSCManagerW failed (error ${this.error()})`);
    try {
      const records: ServiceRecord[] = [];
      let queried = 0;
      for (const service of this.enumerate(scm)) {
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
      this.api.CloseServiceHandle(scm);
    }
  }

  private error(): number {
    return this.lastError() as number;
  }

  /** Every service, in as many calls as the resume handle needs (scm-enum.ts). */
  private enumerate(scm: Handle): EnumeratedService[] {
    const type = A.SERVICE_WIN32 | (this.options.drivers ? A.SERVICE_DRIVER : 0);
    this.resume.writeUInt32LE(0, 0);
    const call = (buffer: Buffer): EnumAnswer => {
      const ok = this.api.EnumServicesStatusExW(
        scm,
        A.SC_ENUM_PROCESS_INFO,
        type,
        A.SERVICE_STATE_ALL,
        buffer,
        buffer.length,
        this.needed,
        this.returned,
        this.resume,
        null,
      ) as number;
      const error = ok ? 0 : this.error();
      return {
        ok: !!ok,
        error,
        returned: this.returned.readUInt32LE(0),
        needed: this.needed.readUInt32LE(0),
      };
    };
    // The records' string pointers point into the buffer: its address turns them into offsets.
    const parse = (buffer: Buffer, count: number) =>
      parseEnumServices(buffer, loadKoffi().address(buffer), count);
    const { services, buffer } = enumerateAll(call, parse, this.enumBuffer);
    this.enumBuffer = buffer;
    return services;
  }

  /** Start type and flags of one service; undefined when it vanished since the listing. */
  private describe(scm: Handle, service: EnumeratedService): ServiceRecord | undefined {
    const handle = this.api.OpenServiceW(scm, service.name, A.SERVICE_QUERY_CONFIG) as Handle;
    if (isNull(handle)) {
      const error = this.error();
      if (error === A.ERROR_SERVICE_DOES_NOT_EXIST) return undefined;
      // Access denied and the like: the state is known, the configuration is not.
      return scmRecord({ ...service, startType: undefined, delayedFlag: undefined, triggerCount: undefined });
    }
    try {
      return scmRecord({
        ...service,
        startType: this.query(handle, undefined, startTypeOf),
        delayedFlag: this.query(handle, A.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, delayedFlagOf),
        triggerCount: this.query(handle, A.SERVICE_CONFIG_TRIGGER_INFO, triggerCountOf),
      });
    } finally {
      this.api.CloseServiceHandle(handle);
    }
  }

  /**
   * QueryServiceConfigW (level undefined) or QueryServiceConfig2W(level), retried once
   * with the size the SCM says it needs. Returns what `read` makes of the bytes (read at
   * once: the buffer is reused), or undefined when the SCM cannot answer (the level is
   * unsupported, the service is being deleted).
   */
  private query<T>(handle: Handle, level: number | undefined, read: (buf: Buffer) => T): T | undefined {
    if (level !== undefined && this.unsupportedLevels.has(level)) return undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const buf = this.configBuffer;
      const ok = (
        level === undefined
          ? this.api.QueryServiceConfigW(handle, buf, buf.length, this.needed)
          : this.api.QueryServiceConfig2W(handle, level, buf, buf.length, this.needed)
      ) as number;
      if (ok) return read(buf);
      const error = this.error();
      if (error === A.ERROR_INSUFFICIENT_BUFFER) {
        this.configBuffer = Buffer.alloc(this.needed.readUInt32LE(0));
        continue;
      }
      if (error === A.ERROR_INVALID_LEVEL && level !== undefined) this.markUnsupported(level);
      return undefined;
    }
    return undefined;
  }

  private markUnsupported(level: number): void {
    this.unsupportedLevels.add(level);
    const what = level === A.SERVICE_CONFIG_DELAYED_AUTO_START_INFO ? 'delayed auto-start' : 'start triggers';
    const series = level === A.SERVICE_CONFIG_DELAYED_AUTO_START_INFO ? 'delayed_start' : 'trigger_start';
    this.notices.push(
      `QueryServiceConfig2W level ${level} (${what}) is not supported by this SCM (error ${A.ERROR_INVALID_LEVEL}, ERROR_INVALID_LEVEL); hostwatch_service_${series} is absent`,
    );
  }
}
