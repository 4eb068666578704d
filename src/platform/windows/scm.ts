// The Service Control Manager as typed calls. A NULL handle or a FALSE answer is an
// OsError carrying GetLastError; every query buffer is sized from the SCM's own
// bytes-needed answer. Structure layouts are in scm-layout.ts, the enumeration loop in
// scm-enum.ts (both pure, tested on every OS).
import { OsError, win32Error } from '../errors';
import { loadKoffi } from '../koffi';
import { advapi32 } from './advapi32';
import { ERROR_INSUFFICIENT_BUFFER, ERROR_SERVICE_DOES_NOT_EXIST } from './errors';
import { lastError } from './kernel32';
import { enumerateAll, type EnumAnswer } from './scm-enum';
import {
  currentStateOf,
  delayedFlagOf,
  parseEnumServices,
  SERVICE_STATUS_SIZE,
  startTypeOf,
  triggerCountOf,
  type EnumeratedService,
} from './scm-layout';

export const SC_MANAGER_CONNECT = 0x0001;
export const SC_MANAGER_ENUMERATE_SERVICE = 0x0004;
export const SERVICE_QUERY_CONFIG = 0x0001;
export const SERVICE_QUERY_STATUS = 0x0004;
/** Kernel, file system and recognizer drivers: the only services that start at boot or system start. */
export const SERVICE_DRIVER = 0x0000000b;
/** Own-process and shared-process services. */
export const SERVICE_WIN32 = 0x00000030;
/** SERVICE_STATUS.dwCurrentState of a running service. */
export const SERVICE_RUNNING = 4;
export const SERVICE_CONFIG_DELAYED_AUTO_START_INFO = 3;
export const SERVICE_CONFIG_TRIGGER_INFO = 8;
const SERVICE_STATE_ALL = 3;
const SC_ENUM_PROCESS_INFO = 0;

/** An open SC_HANDLE: never NULL. Close it with closeServiceHandle. */
export type ScHandle = bigint & { readonly __brand: 'SC_HANDLE' };

/** OpenSCManagerW on this machine's active database. */
export function openServiceManager(access: number): ScHandle {
  const handle = advapi32().OpenSCManagerW(null, null, access) as bigint | null;
  if (!handle) throw win32Error('OpenSCManagerW', lastError());
  return handle as ScHandle;
}

/** OpenServiceW; the OsError's osCode is ERROR_SERVICE_DOES_NOT_EXIST for an unknown name. */
export function openService(scm: ScHandle, name: string, access: number): ScHandle {
  const handle = advapi32().OpenServiceW(scm, name, access) as bigint | null;
  if (!handle) throw win32Error(`OpenServiceW(${name})`, lastError());
  return handle as ScHandle;
}

/** OpenServiceW, or undefined when no service has that name; other failures throw. */
export function openServiceIfExists(scm: ScHandle, name: string, access: number): ScHandle | undefined {
  try {
    return openService(scm, name, access);
  } catch (error) {
    if (error instanceof OsError && error.osCode === ERROR_SERVICE_DOES_NOT_EXIST) return undefined;
    throw error;
  }
}

export function closeServiceHandle(handle: ScHandle): void {
  advapi32().CloseServiceHandle(handle);
}

/** QueryServiceStatus: dwCurrentState (SERVICE_RUNNING, ...). */
export function serviceCurrentState(service: ScHandle): number {
  const status = Buffer.alloc(SERVICE_STATUS_SIZE);
  if (!advapi32().QueryServiceStatus(service, status)) throw win32Error('QueryServiceStatus', lastError());
  return currentStateOf(status);
}

/** A configuration query's answer: the value, or the Win32 error the SCM gave. */
export type ScmAnswer<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: number };

/** Enumeration and configuration queries, with their buffers kept from call to call. */
export class ServiceQueries {
  private enumBuffer: Buffer;
  private configBuffer = Buffer.alloc(512);
  private readonly needed = Buffer.alloc(4);
  private readonly returned = Buffer.alloc(4);
  private readonly resume = Buffer.alloc(4);

  /**
   * initialEnumBytes: size of the first enumeration buffer (0: the first call only asks
   * the SCM how many bytes it needs). Tests set a small one to walk the resume path.
   */
  constructor(initialEnumBytes = 0) {
    this.enumBuffer = Buffer.alloc(initialEnumBytes);
  }

  /** EnumServicesStatusExW over every state: names and current states, in as many calls as it takes. */
  enumerate(scm: ScHandle, serviceTypes: number): EnumeratedService[] {
    this.resume.writeUInt32LE(0, 0);
    const call = (buffer: Buffer): EnumAnswer => {
      const ok = !!advapi32().EnumServicesStatusExW(
        scm,
        SC_ENUM_PROCESS_INFO,
        serviceTypes,
        SERVICE_STATE_ALL,
        buffer,
        buffer.length,
        this.needed,
        this.returned,
        this.resume,
        null,
      );
      const error = ok ? 0 : lastError();
      return { ok, error, returned: this.returned.readUInt32LE(0), needed: this.needed.readUInt32LE(0) };
    };
    // The records' string pointers point into the buffer: its address turns them into offsets.
    const parse = (buffer: Buffer, count: number) =>
      parseEnumServices(buffer, loadKoffi().address(buffer), count);
    const { services, buffer } = enumerateAll(call, parse, this.enumBuffer);
    this.enumBuffer = buffer;
    return services;
  }

  /** QueryServiceConfigW: dwStartType (SERVICE_BOOT_START = 0 ... SERVICE_DISABLED = 4). */
  startType(service: ScHandle): ScmAnswer<number> {
    return this.query(
      (buf) => advapi32().QueryServiceConfigW(service, buf, buf.length, this.needed),
      startTypeOf,
    );
  }

  /** QueryServiceConfig2W(SERVICE_CONFIG_DELAYED_AUTO_START_INFO): fDelayedAutostart. */
  delayedAutoStart(service: ScHandle): ScmAnswer<boolean> {
    return this.config2(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, delayedFlagOf);
  }

  /** QueryServiceConfig2W(SERVICE_CONFIG_TRIGGER_INFO): cTriggers. */
  triggerCount(service: ScHandle): ScmAnswer<number> {
    return this.config2(service, SERVICE_CONFIG_TRIGGER_INFO, triggerCountOf);
  }

  private config2<T>(service: ScHandle, level: number, read: (buf: Buffer) => T): ScmAnswer<T> {
    return this.query(
      (buf) => advapi32().QueryServiceConfig2W(service, level, buf, buf.length, this.needed),
      read,
    );
  }

  /** One query, retried once with the size the SCM says it needs; `read` runs at once (the buffer is reused). */
  private query<T>(call: (buf: Buffer) => unknown, read: (buf: Buffer) => T): ScmAnswer<T> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (call(this.configBuffer)) return { ok: true, value: read(this.configBuffer) };
      const error = lastError();
      if (error !== ERROR_INSUFFICIENT_BUFFER) return { ok: false, error };
      this.configBuffer = Buffer.alloc(this.needed.readUInt32LE(0));
    }
    return { ok: false, error: ERROR_INSUFFICIENT_BUFFER };
  }
}
