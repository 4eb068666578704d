// Linux backend: systemd's D-Bus API through libsystemd's sd-bus. Two calls per
// collection on org.freedesktop.systemd1.Manager: ListUnitFilesByPatterns (start modes,
// from UnitFileState) and ListUnitsByPatterns (ActiveState of the loaded units), both
// restricted to "*.service". A unit file that is not loaded is inactive.
// Where the system bus is unreachable, systemd's private socket (what systemctl falls
// back to as root) is tried. A host without systemd (a container, CI) fails here with
// one clear error.
import { existsSync } from 'node:fs';
import { sdBus } from '../../platform/linux/systemd';
import { systemdRecord, unitServiceName, type SystemdRaw } from './mapping';
import { ManagerClient } from './systemd-bus';
import type { ServiceBackend, ServiceRecord } from './types';

export interface LoadedUnit {
  readonly unit: string;
  readonly loadState: string;
  readonly activeState: string;
}

/**
 * Joins the two listings. Templates ("getty@.service") are not services that run;
 * units systemd only knows as referenced but missing (LoadState not-found) do not exist.
 */
export function mergeSystemd(
  unitFiles: ReadonlyMap<string, string>,
  loaded: readonly LoadedUnit[],
): SystemdRaw[] {
  const byUnit = new Map<string, SystemdRaw>();
  for (const [unit, state] of unitFiles) {
    if (!unit.endsWith('@.service')) byUnit.set(unit, { unit, unitFileState: state, activeState: undefined });
  }
  for (const u of loaded) {
    if (u.loadState === 'not-found') continue;
    byUnit.set(u.unit, { unit: u.unit, unitFileState: unitFiles.get(u.unit), activeState: u.activeState });
  }
  return [...byUnit.values()];
}

export function linuxServicesBackend(options: { address: string }): ServiceBackend {
  return {
    notices: [],
    collect: (wanted) => collectOnce(options.address, wanted),
  };
}

/** systemd's own socket, which systemctl uses as root when the system bus is down. */
export const SYSTEMD_PRIVATE_SOCKET = '/run/systemd/private';

/**
 * The configured address, or the system bus with systemd's private socket as the
 * fallback where the bus is unreachable but systemd runs (and we may use its socket).
 */
function connect(address: string): ManagerClient {
  const sd = sdBus();
  if (address !== '') return new ManagerClient(sd, address);
  try {
    return new ManagerClient(sd, '');
  } catch (error) {
    if (!existsSync(SYSTEMD_PRIVATE_SOCKET)) throw error;
    return new ManagerClient(sd, `unix:path=${SYSTEMD_PRIVATE_SOCKET}`);
  }
}

async function collectOnce(address: string, wanted: (name: string) => boolean): Promise<ServiceRecord[]> {
  const client = connect(address);
  try {
    const files = new Map<string, string>();
    await client.list('ListUnitFilesByPatterns', 'ss', (read) => {
      const path = read();
      files.set(path.slice(path.lastIndexOf('/') + 1), read());
    });
    const loaded: LoadedUnit[] = [];
    await client.list('ListUnitsByPatterns', 'ssssssouso', (read, skip) => {
      const unit = read();
      skip('s');
      loaded.push({ unit, loadState: read(), activeState: read() });
      skip('ssouso');
    });
    return mergeSystemd(files, loaded)
      .filter((raw) => wanted(unitServiceName(raw.unit)))
      .map(systemdRecord);
  } finally {
    client.close();
  }
}
