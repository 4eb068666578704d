// What only tests and benchmarks do to the Service Control Manager of a Wine prefix:
// create, reconfigure and delete services that are never started. The calls are the
// exporter's own (src/platform/windows/service-control.ts, which `service install` uses).
import {
  changeServiceConfig2,
  changeStartType,
  createService as createRegisteredService,
  deleteService,
  SC_MANAGER_CREATE_SERVICE,
  SERVICE_CHANGE_CONFIG,
  SERVICE_DELETE,
  SERVICE_ERROR_IGNORE,
  SERVICE_START_TYPES,
  type ServiceRegistration,
  type ServiceStartType,
} from '../../src/platform/windows/service-control';
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

export { SERVICE_START_TYPES as START_TYPES, type ServiceStartType as StartTypeName };

/** The SCM opened with the right to create services (and to read them back). */
export function openScmForAdmin(): ScHandle {
  return openServiceManager(SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE | SC_MANAGER_ENUMERATE_SERVICE);
}

/** A never-started own-process service with every right a test needs on it. */
export function createService(scm: ScHandle, name: string, start: ServiceStartType = 'manual'): ScHandle {
  const access = SERVICE_QUERY_CONFIG | SERVICE_CHANGE_CONFIG | SERVICE_QUERY_STATUS | SERVICE_DELETE;
  const registration: ServiceRegistration = {
    name,
    displayName: `hostwatch test ${name}`,
    commandLine: 'C:\\windows\\system32\\hostwatch-never-started.exe',
    startType: start,
    errorControl: SERVICE_ERROR_IGNORE,
  };
  return createRegisteredService(scm, registration, access);
}

/** ChangeServiceConfigW with only the start type changed. */
export const setStartType = changeStartType;

/** ChangeServiceConfig2W(SERVICE_DELAYED_AUTO_START_INFO); the Win32 error, 0 on success. */
export function setDelayedAutoStart(service: ScHandle, delayed: boolean): number {
  const info = Buffer.alloc(4);
  info.writeInt32LE(delayed ? 1 : 0, 0);
  return changeServiceConfig2(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, info, []);
}

/** DeleteService: marks it for deletion; it goes once its last handle is closed. */
export { deleteService };
