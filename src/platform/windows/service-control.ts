// koffi declarations for the exporter as a Windows service (src/service/): the Service
// Control Manager's client side (install, start, stop, query, delete) and the service
// side (StartServiceCtrlDispatcherW, RegisterServiceCtrlHandlerExW, SetServiceStatus).
// advapi32.dll, loaded lazily, only on Windows. Handles are koffi pointers (BigInt, null
// for NULL); structures are caller-owned Buffers laid out by src/service/status.ts.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';
import { kernel32 } from './kernel32';

export const SC_MANAGER_CONNECT = 0x0001;
export const SC_MANAGER_CREATE_SERVICE = 0x0002;
export const SERVICE_QUERY_CONFIG = 0x0001;
export const SERVICE_CHANGE_CONFIG = 0x0002;
export const SERVICE_QUERY_STATUS = 0x0004;
export const SERVICE_START = 0x0010;
export const SERVICE_STOP = 0x0020;
export const SERVICE_DELETE = 0x00010000;
export const SERVICE_AUTO_START = 2;
export const SERVICE_ERROR_NORMAL = 1;
export const SC_STATUS_PROCESS_INFO = 0;
export const SERVICE_CONFIG_DESCRIPTION = 1;
export const SERVICE_CONFIG_FAILURE_ACTIONS = 2;
export const SERVICE_CONFIG_FAILURE_ACTIONS_FLAG = 4;

/** Win32 error codes the service code tells apart. */
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_INSUFFICIENT_BUFFER = 122;
export const ERROR_INVALID_LEVEL = 124;
export const ERROR_SERVICE_ALREADY_RUNNING = 1056;
export const ERROR_SERVICE_DOES_NOT_EXIST = 1060;
export const ERROR_SERVICE_CANNOT_ACCEPT_CTRL = 1061;
export const ERROR_SERVICE_NOT_ACTIVE = 1062;
export const ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
export const ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
export const ERROR_SERVICE_EXISTS = 1073;

/** What `service install|uninstall|start|stop|status` calls. */
export interface ScmClientApi {
  /** SC_HANDLE OpenSCManagerW(LPCWSTR machine, LPCWSTR database, DWORD access). */
  readonly OpenSCManagerW: NativeFunction;
  /** BOOL CloseServiceHandle(SC_HANDLE). */
  readonly CloseServiceHandle: NativeFunction;
  /** SC_HANDLE CreateServiceW(scm, name, display, access, type, start, errorControl, path, group, tag, deps, user, password). */
  readonly CreateServiceW: NativeFunction;
  /** SC_HANDLE OpenServiceW(SC_HANDLE scm, LPCWSTR name, DWORD access). */
  readonly OpenServiceW: NativeFunction;
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
  /** BOOL QueryServiceConfigW(SC_HANDLE, LPQUERY_SERVICE_CONFIGW, DWORD size, LPDWORD needed). */
  readonly QueryServiceConfigW: NativeFunction;
  /** DWORD GetLastError(void) after a failed call above. */
  readonly GetLastError: NativeFunction;
  /** The address of a Buffer's bytes, to put into structures that hold pointers. */
  readonly addressOf: (buffer: Buffer) => bigint;
}

/** What `service run` calls: the process the SCM started, answering the SCM. */
export interface ServiceDispatcherApi {
  /**
   * BOOL StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW *): connects to the SCM
   * and blocks the calling thread until every service of the table has stopped. Only
   * ever called through koffi's `.async` (a libuv pool thread), never on the JS thread.
   */
  readonly StartServiceCtrlDispatcherW: NativeFunction;
  /** SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerExW(LPCWSTR name, LPHANDLER_FUNCTION_EX, LPVOID context). */
  readonly RegisterServiceCtrlHandlerExW: NativeFunction;
  /** BOOL SetServiceStatus(SERVICE_STATUS_HANDLE, LPSERVICE_STATUS): 28 bytes. */
  readonly SetServiceStatus: NativeFunction;
  /** DWORD GetLastError(void), for the calls above made on the JS thread. */
  readonly GetLastError: NativeFunction;
  /**
   * A JS function as a native ServiceMain (void WINAPI ServiceMain(DWORD, LPWSTR *)).
   * The SCM calls it on a thread of its own; koffi queues the call to the JS thread and
   * holds the native thread until the JS function returns.
   */
  registerServiceMain(main: (argc: number, argv: unknown) => void): bigint;
  /** A JS function as a native HandlerEx (DWORD WINAPI HandlerEx(DWORD control, DWORD type, LPVOID data, LPVOID ctx)). */
  registerHandler(handler: (control: number) => number): bigint;
  unregister(callback: bigint): void;
  readonly addressOf: (buffer: Buffer) => bigint;
}

let library: LibraryHandle | undefined;
let client: ScmClientApi | undefined;
let dispatcher: ServiceDispatcherApi | undefined;

function advapi32(): LibraryHandle {
  library ??= loadKoffi().load('advapi32.dll');
  return library;
}

export function scmClientApi(): ScmClientApi {
  if (client) return client;
  const lib = advapi32();
  client = {
    OpenSCManagerW: lib.func(
      'void * __stdcall OpenSCManagerW(const char16_t *machine, const char16_t *database, uint32_t access)',
    ),
    CloseServiceHandle: lib.func('int __stdcall CloseServiceHandle(void *handle)'),
    CreateServiceW: lib.func(
      'void * __stdcall CreateServiceW(void *scm, const char16_t *name, const char16_t *display, uint32_t access, uint32_t type, uint32_t start, uint32_t errorControl, const char16_t *path, const char16_t *group, void *tag, const char16_t *deps, const char16_t *user, const char16_t *password)',
    ),
    OpenServiceW: lib.func('void * __stdcall OpenServiceW(void *scm, const char16_t *name, uint32_t access)'),
    DeleteService: lib.func('int __stdcall DeleteService(void *service)'),
    ChangeServiceConfig2W: lib.func(
      'int __stdcall ChangeServiceConfig2W(void *service, uint32_t level, void *info)',
    ),
    StartServiceW: lib.func('int __stdcall StartServiceW(void *service, uint32_t argc, void *argv)'),
    ControlService: lib.func('int __stdcall ControlService(void *service, uint32_t control, void *status)'),
    QueryServiceStatusEx: lib.func(
      'int __stdcall QueryServiceStatusEx(void *service, int level, void *buf, uint32_t size, void *needed)',
    ),
    QueryServiceConfigW: lib.func(
      'int __stdcall QueryServiceConfigW(void *service, void *buf, uint32_t size, void *needed)',
    ),
    GetLastError: kernel32().GetLastError,
    addressOf: (buffer) => loadKoffi().address(buffer),
  };
  return client;
}

export function serviceDispatcherApi(): ServiceDispatcherApi {
  if (dispatcher) return dispatcher;
  const koffi = loadKoffi();
  const lib = advapi32();
  const serviceMain = koffi.proto('void __stdcall ServiceMainW(uint32_t argc, void *argv)');
  const handlerEx = koffi.proto(
    'uint32_t __stdcall HandlerEx(uint32_t control, uint32_t eventType, void *eventData, void *context)',
  );
  dispatcher = {
    StartServiceCtrlDispatcherW: lib.func('int __stdcall StartServiceCtrlDispatcherW(void *table)'),
    RegisterServiceCtrlHandlerExW: lib.func(
      'void * __stdcall RegisterServiceCtrlHandlerExW(const char16_t *name, void *handler, void *context)',
    ),
    SetServiceStatus: lib.func('int __stdcall SetServiceStatus(void *handle, void *status)'),
    GetLastError: kernel32().GetLastError,
    registerServiceMain: (main) => koffi.register(main, koffi.pointer(serviceMain)),
    registerHandler: (handler) => koffi.register(handler, koffi.pointer(handlerEx)),
    unregister: (callback) => koffi.unregister(callback),
    addressOf: (buffer) => koffi.address(buffer),
  };
  return dispatcher;
}
