// koffi declarations for advapi32.dll. Loaded lazily, only on Windows.
// One section per consumer, so collectors add what they need without touching the
// others' declarations. Handles are pointer-sized integers (0 = NULL).
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

let library: LibraryHandle | undefined;

function advapi32Library(): LibraryHandle {
  library ??= loadKoffi().load('advapi32.dll');
  return library;
}

// ---------------------------------------------------------------------------------
// Registry and service status (timesync collector: W32Time configuration and state)
// ---------------------------------------------------------------------------------

/** HKEY_LOCAL_MACHINE: (HKEY)(ULONG_PTR)(LONG)0x80000002, sign-extended on 64-bit. */
export const HKEY_LOCAL_MACHINE = -2147483646;
export const RRF_RT_REG_SZ = 0x00000002;
export const RRF_RT_REG_DWORD = 0x00000010;
export const SC_MANAGER_CONNECT = 0x0001;
export const SERVICE_QUERY_STATUS = 0x0004;
/** sizeof(SERVICE_STATUS): seven DWORDs. */
export const SERVICE_STATUS_SIZE = 28;

export interface TimesyncAdvapi32 {
  /** LSTATUS RegGetValueW(HKEY, LPCWSTR subKey, LPCWSTR value, DWORD flags, LPDWORD type, PVOID data, LPDWORD size). */
  readonly RegGetValueW: NativeFunction;
  /** SC_HANDLE OpenSCManagerW(LPCWSTR machine, LPCWSTR database, DWORD access). */
  readonly OpenSCManagerW: NativeFunction;
  /** SC_HANDLE OpenServiceW(SC_HANDLE scm, LPCWSTR name, DWORD access). */
  readonly OpenServiceW: NativeFunction;
  /** BOOL QueryServiceStatus(SC_HANDLE, LPSERVICE_STATUS): 28 bytes. */
  readonly QueryServiceStatus: NativeFunction;
  /** BOOL CloseServiceHandle(SC_HANDLE). */
  readonly CloseServiceHandle: NativeFunction;
}

let timesyncCached: TimesyncAdvapi32 | undefined;

export function timesyncAdvapi32(): TimesyncAdvapi32 {
  if (timesyncCached) return timesyncCached;
  const lib = advapi32Library();
  timesyncCached = {
    RegGetValueW: lib.func(
      'int32_t __stdcall RegGetValueW(intptr_t hkey, const char16_t *subKey, const char16_t *value, uint32_t flags, _Out_ uint32_t *type, _Out_ void *data, _Inout_ uint32_t *size)',
    ),
    OpenSCManagerW: lib.func(
      'intptr_t __stdcall OpenSCManagerW(const char16_t *machine, const char16_t *database, uint32_t access)',
    ),
    OpenServiceW: lib.func(
      'intptr_t __stdcall OpenServiceW(intptr_t scm, const char16_t *name, uint32_t access)',
    ),
    QueryServiceStatus: lib.func('int __stdcall QueryServiceStatus(intptr_t service, _Out_ void *status)'),
    CloseServiceHandle: lib.func('int __stdcall CloseServiceHandle(intptr_t handle)'),
  };
  return timesyncCached;
}

// ---------------------------------------------------------------------------------
// Services (SCM) section: src/collectors/services and test/windows/services.test.ts.
// Uses SC_MANAGER_CONNECT and SERVICE_QUERY_STATUS from the section above. Handles here
// are declared void * (koffi pointers: a BigInt, null for NULL); pointer arguments are
// caller-owned Buffers.
// ---------------------------------------------------------------------------------

export const SC_MANAGER_CREATE_SERVICE = 0x0002;
export const SC_MANAGER_ENUMERATE_SERVICE = 0x0004;
export const SERVICE_QUERY_CONFIG = 0x0001;
export const SERVICE_CHANGE_CONFIG = 0x0002;
export const SERVICE_DELETE = 0x00010000; // DELETE, a standard access right
export const SERVICE_DRIVER = 0x0000000b; // kernel | file system | recognizer drivers
export const SERVICE_WIN32 = 0x00000030; // own process | share process
export const SERVICE_WIN32_OWN_PROCESS = 0x00000010;
export const SERVICE_STATE_ALL = 3;
export const SERVICE_NO_CHANGE = 0xffffffff;
export const SERVICE_ERROR_IGNORE = 0;
export const SC_ENUM_PROCESS_INFO = 0;
export const SERVICE_CONFIG_DELAYED_AUTO_START_INFO = 3;
export const SERVICE_CONFIG_TRIGGER_INFO = 8;
export const ERROR_INSUFFICIENT_BUFFER = 122;
export const ERROR_INVALID_LEVEL = 124;
export const ERROR_MORE_DATA = 234;
export const ERROR_SERVICE_DOES_NOT_EXIST = 1060;
export const ERROR_SERVICE_MARKED_FOR_DELETE = 1072;

/** What the exporter reads: enumeration and configuration queries. */
export interface ScmQueries {
  /** SC_HANDLE OpenSCManagerW(LPCWSTR machine, LPCWSTR database, DWORD access); NULL on error. */
  readonly OpenSCManagerW: NativeFunction;
  /** BOOL CloseServiceHandle(SC_HANDLE). */
  readonly CloseServiceHandle: NativeFunction;
  /**
   * BOOL EnumServicesStatusExW(SC_HANDLE, SC_ENUM_TYPE, DWORD type, DWORD state, LPBYTE buf,
   * DWORD size, LPDWORD needed, LPDWORD returned, LPDWORD resume, LPCWSTR group).
   */
  readonly EnumServicesStatusExW: NativeFunction;
  /** SC_HANDLE OpenServiceW(SC_HANDLE scm, LPCWSTR name, DWORD access). */
  readonly OpenServiceW: NativeFunction;
  /** BOOL QueryServiceConfigW(SC_HANDLE, LPQUERY_SERVICE_CONFIGW, DWORD size, LPDWORD needed). */
  readonly QueryServiceConfigW: NativeFunction;
  /** BOOL QueryServiceConfig2W(SC_HANDLE, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed). */
  readonly QueryServiceConfig2W: NativeFunction;
}

/** What only tests call: create, reconfigure and delete services in a Wine prefix. */
export interface ScmAdmin {
  /** SC_HANDLE CreateServiceW(scm, name, display, access, type, start, errorControl, path, group, tag, deps, user, password). */
  readonly CreateServiceW: NativeFunction;
  /** BOOL ChangeServiceConfigW(svc, type, start, errorControl, path, group, tag, deps, user, password, display). */
  readonly ChangeServiceConfigW: NativeFunction;
  /** BOOL ChangeServiceConfig2W(SC_HANDLE, DWORD level, LPVOID info). */
  readonly ChangeServiceConfig2W: NativeFunction;
  /** BOOL DeleteService(SC_HANDLE). */
  readonly DeleteService: NativeFunction;
}

let scmQueriesCached: ScmQueries | undefined;
let scmAdminCached: ScmAdmin | undefined;

export function scmQueries(): ScmQueries {
  if (scmQueriesCached) return scmQueriesCached;
  const lib = advapi32Library();
  scmQueriesCached = {
    OpenSCManagerW: lib.func(
      'void * __stdcall OpenSCManagerW(const char16_t *machine, const char16_t *database, uint32_t access)',
    ),
    CloseServiceHandle: lib.func('int __stdcall CloseServiceHandle(void *handle)'),
    EnumServicesStatusExW: lib.func(
      'int __stdcall EnumServicesStatusExW(void *scm, int level, uint32_t type, uint32_t state, void *buf, uint32_t size, void *needed, void *returned, void *resume, const char16_t *group)',
    ),
    OpenServiceW: lib.func('void * __stdcall OpenServiceW(void *scm, const char16_t *name, uint32_t access)'),
    QueryServiceConfigW: lib.func(
      'int __stdcall QueryServiceConfigW(void *service, void *buf, uint32_t size, void *needed)',
    ),
    QueryServiceConfig2W: lib.func(
      'int __stdcall QueryServiceConfig2W(void *service, uint32_t level, void *buf, uint32_t size, void *needed)',
    ),
  };
  return scmQueriesCached;
}

export function scmAdmin(): ScmAdmin {
  if (scmAdminCached) return scmAdminCached;
  const lib = advapi32Library();
  scmAdminCached = {
    CreateServiceW: lib.func(
      'void * __stdcall CreateServiceW(void *scm, const char16_t *name, const char16_t *display, uint32_t access, uint32_t type, uint32_t start, uint32_t errorControl, const char16_t *path, const char16_t *group, void *tag, const char16_t *deps, const char16_t *user, const char16_t *password)',
    ),
    ChangeServiceConfigW: lib.func(
      'int __stdcall ChangeServiceConfigW(void *service, uint32_t type, uint32_t start, uint32_t errorControl, const char16_t *path, const char16_t *group, void *tag, const char16_t *deps, const char16_t *user, const char16_t *password, const char16_t *display)',
    ),
    ChangeServiceConfig2W: lib.func(
      'int __stdcall ChangeServiceConfig2W(void *service, uint32_t level, void *info)',
    ),
    DeleteService: lib.func('int __stdcall DeleteService(void *service)'),
  };
  return scmAdminCached;
}

// ---------------------------------------------------------------------------------
// End of the services (SCM) section.
// ---------------------------------------------------------------------------------
