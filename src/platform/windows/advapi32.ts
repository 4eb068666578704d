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
