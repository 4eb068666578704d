// The exporter as a Windows service (src/service/): typed calls for installing,
// controlling and querying a service beyond the reading calls of scm.ts, and the
// service side that answers the SCM (StartServiceCtrlDispatcherW and its callbacks).
// advapi32.dll, on the handle advapi32.ts loads; only on Windows. A FALSE or NULL answer
// throws an OsError carrying GetLastError, except where the caller tells errors apart.
import type { NativeFunction } from '../koffi';
import { loadKoffi } from '../koffi';
import { win32Error } from '../errors';
import { advapi32, advapi32Library } from './advapi32';
import { ERROR_INSUFFICIENT_BUFFER } from './errors';
import { lastError } from './kernel32';
import type { ScHandle } from './scm';

export const SC_MANAGER_CREATE_SERVICE = 0x0002;
export const SERVICE_CHANGE_CONFIG = 0x0002;
export const SERVICE_START = 0x0010;
export const SERVICE_STOP = 0x0020;
export const SERVICE_DELETE = 0x00010000;
export const SERVICE_CONFIG_DESCRIPTION = 1;
export const SERVICE_CONFIG_FAILURE_ACTIONS = 2;
export const SERVICE_CONFIG_FAILURE_ACTIONS_FLAG = 4;
const SERVICE_WIN32_OWN_PROCESS = 0x10;
const SERVICE_NO_CHANGE = 0xffffffff;
/** dwStartType values, by the names the services collector reports. */
export const SERVICE_START_TYPES = { boot: 0, system: 1, auto: 2, manual: 3, disabled: 4 } as const;
export type ServiceStartType = keyof typeof SERVICE_START_TYPES;
/** dwErrorControl: what the SCM does at boot when the service fails to start. */
export const SERVICE_ERROR_IGNORE = 0;
export const SERVICE_ERROR_NORMAL = 1;
const SC_STATUS_PROCESS_INFO = 0;
const SERVICE_STATUS_SIZE = 28;
const SERVICE_STATUS_PROCESS_SIZE = 36;
const QUERY_SERVICE_CONFIGW_SIZE = 64;

interface Declarations {
  /** SC_HANDLE CreateServiceW(scm, name, display, access, type, start, errorControl, path, group, tag, deps, user, password). */
  readonly CreateServiceW: NativeFunction;
  /** BOOL ChangeServiceConfigW(svc, type, start, errorControl, path, group, tag, deps, user, password, display). */
  readonly ChangeServiceConfigW: NativeFunction;
  /** BOOL DeleteService(SC_HANDLE): removed once every handle to it is closed. */
  readonly DeleteService: NativeFunction;
  /** BOOL ChangeServiceConfig2W(SC_HANDLE, DWORD level, LPVOID info). */
  readonly ChangeServiceConfig2W: NativeFunction;
  /** BOOL StartServiceW(SC_HANDLE, DWORD argc, LPCWSTR *argv). */
  readonly StartServiceW: NativeFunction;
  /** BOOL ControlService(SC_HANDLE, DWORD control, LPSERVICE_STATUS out): 28 bytes. */
  readonly ControlService: NativeFunction;
  /** BOOL QueryServiceStatusEx(SC_HANDLE, SC_STATUS_TYPE, LPBYTE, DWORD size, LPDWORD needed): 36 bytes. */
  readonly QueryServiceStatusEx: NativeFunction;
  /** BOOL StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW *): blocks until the services stop. */
  readonly StartServiceCtrlDispatcherW: NativeFunction;
  /** SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerExW(LPCWSTR name, LPHANDLER_FUNCTION_EX, LPVOID context). */
  readonly RegisterServiceCtrlHandlerExW: NativeFunction;
  /** BOOL SetServiceStatus(SERVICE_STATUS_HANDLE, LPSERVICE_STATUS): 28 bytes. */
  readonly SetServiceStatus: NativeFunction;
}

let cached: Declarations | undefined;

function declarations(): Declarations {
  if (cached) return cached;
  const lib = advapi32Library();
  cached = {
    CreateServiceW: lib.func(
      'void * __stdcall CreateServiceW(void *scm, const char16_t *name, const char16_t *display, uint32_t access, uint32_t type, uint32_t start, uint32_t errorControl, const char16_t *path, const char16_t *group, void *tag, const char16_t *deps, const char16_t *user, const char16_t *password)',
    ),
    ChangeServiceConfigW: lib.func(
      'int __stdcall ChangeServiceConfigW(void *service, uint32_t type, uint32_t start, uint32_t errorControl, const char16_t *path, const char16_t *group, void *tag, const char16_t *deps, const char16_t *user, const char16_t *password, const char16_t *display)',
    ),
    DeleteService: lib.func('int __stdcall DeleteService(void *service)'),
    ChangeServiceConfig2W: lib.func(
      'int __stdcall ChangeServiceConfig2W(void *service, uint32_t level, void *info)',
    ),
    StartServiceW: lib.func('int __stdcall StartServiceW(void *service, uint32_t argc, void *argv)'),
    ControlService: lib.func('int __stdcall ControlService(void *service, uint32_t control, void *status)'),
    QueryServiceStatusEx: lib.func(
      'int __stdcall QueryServiceStatusEx(void *service, int level, void *buf, uint32_t size, void *needed)',
    ),
    StartServiceCtrlDispatcherW: lib.func('int __stdcall StartServiceCtrlDispatcherW(void *table)'),
    RegisterServiceCtrlHandlerExW: lib.func(
      'void * __stdcall RegisterServiceCtrlHandlerExW(const char16_t *name, void *handler, void *context)',
    ),
    SetServiceStatus: lib.func('int __stdcall SetServiceStatus(void *handle, void *status)'),
  };
  return cached;
}

/**
 * Buffers that native code reads through pointers stored in other Buffers: reachable
 * from here while it may, so that the garbage collector cannot free them under it.
 */
const pinned = new Set<Buffer>();

function whilePinned<T>(buffers: readonly Buffer[], call: () => T): T {
  for (const buffer of buffers) pinned.add(buffer);
  try {
    return call();
  } finally {
    for (const buffer of buffers) pinned.delete(buffer);
  }
}

function check(ok: unknown, call: string): void {
  if (!ok) throw win32Error(call, lastError());
}

/** The address of a Buffer's bytes, for structures that point at other Buffers. */
export function addressOf(buffer: Buffer): bigint {
  return loadKoffi().address(buffer);
}

/** What CreateServiceW registers: an own-process service run as LocalSystem. */
export interface ServiceRegistration {
  readonly name: string;
  readonly displayName: string;
  readonly commandLine: string;
  readonly startType: ServiceStartType;
  readonly errorControl: typeof SERVICE_ERROR_IGNORE | typeof SERVICE_ERROR_NORMAL;
}

/** CreateServiceW: the new service, opened with `access`. */
export function createService(scm: ScHandle, service: ServiceRegistration, access: number): ScHandle {
  const handle = declarations().CreateServiceW(
    scm, service.name, service.displayName, access, SERVICE_WIN32_OWN_PROCESS,
    SERVICE_START_TYPES[service.startType], service.errorControl, service.commandLine,
    null, null, null, null, null,
  ) as bigint | null; // prettier-ignore
  if (!handle) throw win32Error(`CreateServiceW(${service.name})`, lastError());
  return handle as ScHandle;
}

/** ChangeServiceConfigW with only the start type changed. */
export function changeStartType(service: ScHandle, start: ServiceStartType): void {
  const keep = SERVICE_NO_CHANGE;
  const ok = declarations().ChangeServiceConfigW(
    service, keep, SERVICE_START_TYPES[start], keep, null, null, null, null, null, null, null,
  ); // prettier-ignore
  check(ok, `ChangeServiceConfigW(${start})`);
}

/**
 * ChangeServiceConfig2W: 0, or the Win32 error (ERROR_INVALID_LEVEL where the SCM lacks
 * the level). `referenced`: the Buffers `info` points into, kept alive for the call.
 */
export function changeServiceConfig2(
  service: ScHandle,
  level: number,
  info: Buffer,
  referenced: readonly Buffer[],
): number {
  return whilePinned(referenced, () =>
    declarations().ChangeServiceConfig2W(service, level, info) ? 0 : lastError(),
  );
}

export function deleteService(service: ScHandle): void {
  check(declarations().DeleteService(service), 'DeleteService');
}

export function startService(service: ScHandle): void {
  check(declarations().StartServiceW(service, 0, null), 'StartServiceW');
}

export function controlService(service: ScHandle, control: number): void {
  check(declarations().ControlService(service, control, Buffer.alloc(SERVICE_STATUS_SIZE)), 'ControlService');
}

/** QueryServiceStatusEx(SC_STATUS_PROCESS_INFO): the SERVICE_STATUS_PROCESS bytes. */
export function queryStatusProcess(service: ScHandle): Buffer {
  const buf = Buffer.alloc(SERVICE_STATUS_PROCESS_SIZE);
  const ok = declarations().QueryServiceStatusEx(
    service,
    SC_STATUS_PROCESS_INFO,
    buf,
    buf.length,
    Buffer.alloc(4),
  );
  check(ok, 'QueryServiceStatusEx');
  return buf;
}

/** QueryServiceConfigW: the QUERY_SERVICE_CONFIGW bytes and their address (its strings point into them). */
export function queryServiceConfig(service: ScHandle): { bytes: Buffer; address: bigint } {
  const needed = Buffer.alloc(4);
  let bytes = Buffer.alloc(QUERY_SERVICE_CONFIGW_SIZE);
  if (!advapi32().QueryServiceConfigW(service, bytes, bytes.length, needed)) {
    const code = lastError();
    if (code !== ERROR_INSUFFICIENT_BUFFER) throw win32Error('QueryServiceConfigW', code);
    bytes = Buffer.alloc(needed.readUInt32LE(0));
    check(advapi32().QueryServiceConfigW(service, bytes, bytes.length, needed), 'QueryServiceConfigW');
  }
  return { bytes, address: addressOf(bytes) };
}

/** The service side of the SCM protocol, for one service run. */
export interface ServiceDispatcher {
  /**
   * StartServiceCtrlDispatcherW for one service, on a libuv pool thread through koffi's
   * `.async`: it blocks its thread until the service has stopped. The SCM calls
   * ServiceMain on a thread of its own and HandlerEx on the dispatcher's; koffi queues
   * both to the JS thread and holds the native thread until the JS function returns, so
   * `serviceMain` and `handler` run on the JS thread. `done` runs there when the
   * dispatcher returns (error: koffi's, if the call could not be made).
   */
  dispatch(
    name: string,
    serviceMain: () => void,
    handler: (control: number) => number,
    done: (error: unknown) => void,
  ): void;
  /** RegisterServiceCtrlHandlerExW with the handler given to dispatch: the status handle. */
  registerHandler(name: string): bigint;
  /** SetServiceStatus with SERVICE_STATUS bytes: 0, or the Win32 error. */
  setStatus(handle: bigint, status: Buffer): number;
}

export function serviceDispatcher(): ServiceDispatcher {
  const koffi = loadKoffi();
  const api = declarations();
  const serviceMainType = koffi.pointer(
    koffi.proto('void __stdcall ServiceMainW(uint32_t argc, void *argv)'),
  );
  const handlerType = koffi.pointer(
    koffi.proto(
      'uint32_t __stdcall HandlerEx(uint32_t control, uint32_t eventType, void *eventData, void *context)',
    ),
  );
  let handlerPointer = 0n;
  return {
    dispatch: (name, serviceMain, handler, done) => {
      const main = koffi.register(() => serviceMain(), serviceMainType);
      handlerPointer = koffi.register((control: number) => handler(control), handlerType);
      // SERVICE_TABLE_ENTRYW[2]: { name, ServiceMain } and the NULL terminator, pinned
      // until the dispatcher returns.
      const serviceName = Buffer.from(`${name}\0`, 'utf16le');
      const table = Buffer.alloc(32);
      table.writeBigUInt64LE(koffi.address(serviceName), 0);
      table.writeBigUInt64LE(main, 8);
      pinned.add(serviceName).add(table);
      api.StartServiceCtrlDispatcherW.async(table, (error: unknown) => {
        pinned.delete(serviceName);
        pinned.delete(table);
        koffi.unregister(main);
        koffi.unregister(handlerPointer);
        done(error);
      });
    },
    registerHandler: (name) => {
      const handle = api.RegisterServiceCtrlHandlerExW(name, handlerPointer, null) as bigint | null;
      if (!handle) throw win32Error('RegisterServiceCtrlHandlerExW', lastError());
      return handle;
    },
    setStatus: (handle, status) => (api.SetServiceStatus(handle, status) ? 0 : lastError()),
  };
}
