// koffi declarations for advapi32.dll: the registry, the Service Control Manager and file
// security descriptors, one declaration per function. Loaded lazily, only on Windows. The
// typed calls are in registry.ts, scm.ts and file-security.ts. SC_HANDLEs are declared void *: koffi
// hands them over as BigInt, NULL as null. Pointer arguments are caller-owned Buffers.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

export interface Advapi32 {
  /** LSTATUS RegGetValueW(HKEY, LPCWSTR subKey, LPCWSTR value, DWORD flags, LPDWORD type, PVOID data, LPDWORD size). */
  readonly RegGetValueW: NativeFunction;
  /** SC_HANDLE OpenSCManagerW(LPCWSTR machine, LPCWSTR database, DWORD access); NULL on error. */
  readonly OpenSCManagerW: NativeFunction;
  /** SC_HANDLE OpenServiceW(SC_HANDLE scm, LPCWSTR name, DWORD access); NULL on error. */
  readonly OpenServiceW: NativeFunction;
  /** BOOL CloseServiceHandle(SC_HANDLE). */
  readonly CloseServiceHandle: NativeFunction;
  /** BOOL QueryServiceStatus(SC_HANDLE, LPSERVICE_STATUS): 28 bytes. */
  readonly QueryServiceStatus: NativeFunction;
  /**
   * BOOL EnumServicesStatusExW(SC_HANDLE, SC_ENUM_TYPE, DWORD type, DWORD state, LPBYTE buf,
   * DWORD size, LPDWORD needed, LPDWORD returned, LPDWORD resume, LPCWSTR group).
   */
  readonly EnumServicesStatusExW: NativeFunction;
  /** BOOL QueryServiceConfigW(SC_HANDLE, LPQUERY_SERVICE_CONFIGW, DWORD size, LPDWORD needed). */
  readonly QueryServiceConfigW: NativeFunction;
  /** BOOL QueryServiceConfig2W(SC_HANDLE, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed). */
  readonly QueryServiceConfig2W: NativeFunction;
  /** BOOL GetFileSecurityW(LPCWSTR file, SECURITY_INFORMATION, PSECURITY_DESCRIPTOR buf, DWORD size, LPDWORD needed). */
  readonly GetFileSecurityW: NativeFunction;
  /** BOOL SetFileSecurityW(LPCWSTR file, SECURITY_INFORMATION, PSECURITY_DESCRIPTOR). */
  readonly SetFileSecurityW: NativeFunction;
  /**
   * BOOL ConvertStringSecurityDescriptorToSecurityDescriptorW(LPCWSTR sddl, DWORD revision,
   * PSECURITY_DESCRIPTOR *out, PULONG size): *out is freed with LocalFree.
   */
  readonly ConvertStringSecurityDescriptorToSecurityDescriptorW: NativeFunction;
  /**
   * BOOL ConvertSecurityDescriptorToStringSecurityDescriptorW(PSECURITY_DESCRIPTOR, DWORD
   * revision, SECURITY_INFORMATION, LPWSTR *out, PULONG length): *out is freed with LocalFree.
   */
  readonly ConvertSecurityDescriptorToStringSecurityDescriptorW: NativeFunction;
}

let library: LibraryHandle | undefined;
let cached: Advapi32 | undefined;

/** The loaded DLL, for declarations that live elsewhere (test/support/scm-admin.ts). */
export function advapi32Library(): LibraryHandle {
  library ??= loadKoffi().load('advapi32.dll');
  return library;
}

export function advapi32(): Advapi32 {
  if (cached) return cached;
  const lib = advapi32Library();
  cached = {
    RegGetValueW: lib.func(
      'int32_t __stdcall RegGetValueW(intptr_t hkey, const char16_t *subKey, const char16_t *value, uint32_t flags, void *type, void *data, void *size)',
    ),
    OpenSCManagerW: lib.func(
      'void * __stdcall OpenSCManagerW(const char16_t *machine, const char16_t *database, uint32_t access)',
    ),
    OpenServiceW: lib.func('void * __stdcall OpenServiceW(void *scm, const char16_t *name, uint32_t access)'),
    CloseServiceHandle: lib.func('int __stdcall CloseServiceHandle(void *handle)'),
    QueryServiceStatus: lib.func('int __stdcall QueryServiceStatus(void *service, void *status)'),
    EnumServicesStatusExW: lib.func(
      'int __stdcall EnumServicesStatusExW(void *scm, int level, uint32_t type, uint32_t state, void *buf, uint32_t size, void *needed, void *returned, void *resume, const char16_t *group)',
    ),
    QueryServiceConfigW: lib.func(
      'int __stdcall QueryServiceConfigW(void *service, void *buf, uint32_t size, void *needed)',
    ),
    QueryServiceConfig2W: lib.func(
      'int __stdcall QueryServiceConfig2W(void *service, uint32_t level, void *buf, uint32_t size, void *needed)',
    ),
    GetFileSecurityW: lib.func(
      'int __stdcall GetFileSecurityW(const char16_t *file, uint32_t info, void *descriptor, uint32_t size, void *needed)',
    ),
    SetFileSecurityW: lib.func(
      'int __stdcall SetFileSecurityW(const char16_t *file, uint32_t info, void *descriptor)',
    ),
    ConvertStringSecurityDescriptorToSecurityDescriptorW: lib.func(
      'int __stdcall ConvertStringSecurityDescriptorToSecurityDescriptorW(const char16_t *sddl, uint32_t revision, _Out_ void **descriptor, void *size)',
    ),
    ConvertSecurityDescriptorToStringSecurityDescriptorW: lib.func(
      'int __stdcall ConvertSecurityDescriptorToStringSecurityDescriptorW(void *descriptor, uint32_t revision, uint32_t info, _Out_ void **sddl, void *length)',
    ),
  };
  return cached;
}
