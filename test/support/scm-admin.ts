// What only tests and benchmarks do to the Service Control Manager of a Wine prefix:
// create, reconfigure and delete services. The exporter itself only reads (src/platform/
// windows/scm.ts), so these declarations live here, on the same advapi32 handle.
import type { NativeFunction } from '../../src/platform/koffi';
import { win32Error } from '../../src/platform/errors';
import { advapi32Library } from '../../src/platform/windows/advapi32';
import { lastError } from '../../src/platform/windows/kernel32';
import {
  openServiceManager,
  SC_MANAGER_CONNECT,
  SC_MANAGER_ENUMERATE_SERVICE,
  SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
  SERVICE_QUERY_CONFIG,
  SERVICE_QUERY_STATUS,
  type ScHandle,
} from '../../src/platform/windows/scm';

export { closeServiceHandle, type ScHandle } from '../../src/platform/windows/scm';

const SC_MANAGER_CREATE_SERVICE = 0x0002;
const SERVICE_CHANGE_CONFIG = 0x0002;
const SERVICE_DELETE = 0x00010000; // DELETE, a standard access right
const SERVICE_WIN32_OWN_PROCESS = 0x00000010;
const SERVICE_NO_CHANGE = 0xffffffff;
const SERVICE_ERROR_IGNORE = 0;

export const START_TYPES = { boot: 0, system: 1, auto: 2, manual: 3, disabled: 4 } as const;
export type StartTypeName = keyof typeof START_TYPES;

interface ScmAdmin {
  /** SC_HANDLE CreateServiceW(scm, name, display, access, type, start, errorControl, path, group, tag, deps, user, password). */
  readonly CreateServiceW: NativeFunction;
  /** BOOL ChangeServiceConfigW(svc, type, start, errorControl, path, group, tag, deps, user, password, display). */
  readonly ChangeServiceConfigW: NativeFunction;
  /** BOOL ChangeServiceConfig2W(SC_HANDLE, DWORD level, LPVOID info). */
  readonly ChangeServiceConfig2W: NativeFunction;
  /** BOOL DeleteService(SC_HANDLE). */
  readonly DeleteService: NativeFunction;
}

let cached: ScmAdmin | undefined;

function admin(): ScmAdmin {
  if (cached) return cached;
  const lib = advapi32Library();
  cached = {
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
  return cached;
}

/** The SCM opened with the right to create services (and to read them back). */
export function openScmForAdmin(): ScHandle {
  return openServiceManager(SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE | SC_MANAGER_ENUMERATE_SERVICE);
}

/** A never-started own-process service with every right a test needs on it. */
export function createService(scm: ScHandle, name: string, start: StartTypeName = 'manual'): ScHandle {
  const access = SERVICE_QUERY_CONFIG | SERVICE_CHANGE_CONFIG | SERVICE_QUERY_STATUS | SERVICE_DELETE;
  const handle = admin().CreateServiceW(
    scm,
    name,
    `hostwatch test ${name}`,
    access,
    SERVICE_WIN32_OWN_PROCESS,
    START_TYPES[start],
    SERVICE_ERROR_IGNORE,
    'C:\\windows\\system32\\hostwatch-never-started.exe',
    null,
    null,
    null,
    null,
    null,
  ) as bigint | null;
  if (!handle) throw win32Error(`CreateServiceW(${name})`, lastError());
  return handle as ScHandle;
}

/** ChangeServiceConfigW with only the start type changed. */
export function setStartType(service: ScHandle, start: StartTypeName): void {
  const n = SERVICE_NO_CHANGE;
  const ok = admin().ChangeServiceConfigW(
    service,
    n,
    START_TYPES[start],
    n,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  );
  if (!ok) throw win32Error(`ChangeServiceConfigW(${start})`, lastError());
}

/** ChangeServiceConfig2W(SERVICE_DELAYED_AUTO_START_INFO); the Win32 error, 0 on success. */
export function setDelayedAutoStart(service: ScHandle, delayed: boolean): number {
  const info = Buffer.alloc(4);
  info.writeInt32LE(delayed ? 1 : 0, 0);
  return admin().ChangeServiceConfig2W(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, info)
    ? 0
    : lastError();
}

/** DeleteService: marks it for deletion; it goes once its last handle is closed. */
export function deleteService(service: ScHandle): void {
  if (!admin().DeleteService(service)) throw win32Error('DeleteService', lastError());
}
