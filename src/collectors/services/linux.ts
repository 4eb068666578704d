// Linux backend: systemd's D-Bus API through libsystemd's sd-bus. Two calls per
// collection on org.freedesktop.systemd1.Manager: ListUnitFilesByPatterns (start modes,
// from UnitFileState) and ListUnitsByPatterns (ActiveState of the loaded units), both
// restricted to "*.service". A unit file that is not loaded is inactive.
// Where the system bus is unreachable, systemd's private socket (what systemctl falls
// back to as root) is tried. A host without systemd (a container, CI) fails here with
// one clear error.
import { existsSync } from 'node:fs';
import { SdBusConnection, type BusMessage } from '../../platform/linux/sd-bus';
import { systemdRecord, unitServiceName, type SystemdRaw } from './mapping';
import type { ServiceBackend, ServiceRecord } from './types';

const MANAGER = {
  destination: 'org.freedesktop.systemd1',
  path: '/org/freedesktop/systemd1',
  iface: 'org.freedesktop.systemd1.Manager',
};
/** sd-bus waits 25 s by default; a scrape should not. */
const CALL_TIMEOUT_USEC = 2_000_000n;

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
const SYSTEMD_PRIVATE_SOCKET = '/run/systemd/private';

/**
 * The configured address, or the system bus with systemd's private socket as the
 * fallback where the bus is unreachable but systemd runs (and we may use its socket).
 */
function connect(address: string): SdBusConnection {
  if (address !== '') return new SdBusConnection(address);
  try {
    return new SdBusConnection('');
  } catch (error) {
    if (!existsSync(SYSTEMD_PRIVATE_SOCKET)) throw error;
    return new SdBusConnection(`unix:path=${SYSTEMD_PRIVATE_SOCKET}`);
  }
}

/**
 * Calls a Manager list method with (states: [], patterns: ["*.service"]) off the event
 * loop (systemd takes up to a second to answer ListUnitFiles on a host with hundreds of
 * unit files), then walks the a(row) it returns, one struct per readRow call.
 */
async function list(
  bus: SdBusConnection,
  member: string,
  row: string,
  readRow: (reply: BusMessage) => void,
): Promise<void> {
  const reply = await bus.call({ ...MANAGER, member }, [[], ['*.service']], CALL_TIMEOUT_USEC);
  try {
    reply.enter('a', `(${row})`);
    while (reply.enter('r', row)) {
      readRow(reply);
      reply.exit();
    }
  } finally {
    reply.unref();
  }
}

async function collectOnce(address: string, wanted: (name: string) => boolean): Promise<ServiceRecord[]> {
  const client = connect(address);
  try {
    const files = new Map<string, string>();
    await list(client, 'ListUnitFilesByPatterns', 'ss', (reply) => {
      const path = reply.readString();
      files.set(path.slice(path.lastIndexOf('/') + 1), reply.readString());
    });
    const loaded: LoadedUnit[] = [];
    await list(client, 'ListUnitsByPatterns', 'ssssssouso', (reply) => {
      const unit = reply.readString();
      reply.skip('s');
      loaded.push({ unit, loadState: reply.readString(), activeState: reply.readString() });
      reply.skip('ssouso');
    });
    return mergeSystemd(files, loaded)
      .filter((raw) => wanted(unitServiceName(raw.unit)))
      .map(systemdRecord);
  } finally {
    client.close();
  }
}
