// Raw OS values -> the shared start_mode and state vocabulary. Pure; the tables here
// are the ones docs/collectors/services.md documents, and unit tests walk every row.
import type { ServiceRecord, ServiceState, StartMode } from './types';

/** QUERY_SERVICE_CONFIGW.dwStartType (SERVICE_BOOT_START = 0 ... SERVICE_DISABLED = 4). */
const SCM_START_TYPES: readonly StartMode[] = ['boot', 'system', 'auto', 'manual', 'disabled'];

/** SERVICE_STATUS.dwCurrentState (SERVICE_STOPPED = 1 ... SERVICE_PAUSED = 7). */
const SCM_STATES: Readonly<Record<number, ServiceState>> = {
  1: 'stopped',
  2: 'start_pending',
  3: 'stop_pending',
  4: 'running',
  5: 'continue_pending',
  6: 'pause_pending',
  7: 'paused',
};

function scmStartMode(startType: number): StartMode | undefined {
  return SCM_START_TYPES[startType];
}

export function scmState(currentState: number): ServiceState {
  return SCM_STATES[currentState] ?? 'unknown';
}

export interface ScmRaw {
  readonly name: string;
  readonly currentState: number;
  /** undefined when QueryServiceConfigW could not be called (access denied, gone). */
  readonly startType: number | undefined;
  /** SERVICE_DELAYED_AUTO_START_INFO.fDelayedAutostart; undefined when unreadable. */
  readonly delayedFlag: boolean | undefined;
  /** SERVICE_TRIGGER_INFO.cTriggers; undefined when unreadable. */
  readonly triggerCount: number | undefined;
}

/**
 * The SCM keeps the delayed flag on any service but only honours it for auto start, so
 * "delayed" means auto start with the flag set, as services.msc shows it.
 */
export function scmRecord(raw: ScmRaw): ServiceRecord {
  const startMode = raw.startType === undefined ? undefined : scmStartMode(raw.startType);
  const delayedStart =
    raw.delayedFlag === undefined || startMode === undefined
      ? undefined
      : startMode === 'auto' && raw.delayedFlag;
  return {
    name: raw.name,
    startMode,
    state: scmState(raw.currentState),
    delayedStart,
    triggerStart: raw.triggerCount === undefined ? undefined : raw.triggerCount > 0,
  };
}

/**
 * systemd UnitFileState -> start mode, by what happens at boot and whether the unit can
 * be started at all (see docs/collectors/services.md for the reasoning per row).
 */
const SYSTEMD_START_MODES: Readonly<Record<string, StartMode | undefined>> = {
  enabled: 'auto',
  'enabled-runtime': 'auto',
  generated: 'auto',
  disabled: 'manual',
  static: 'manual',
  indirect: 'manual',
  linked: 'manual',
  'linked-runtime': 'manual',
  transient: 'manual',
  masked: 'disabled',
  'masked-runtime': 'disabled',
  alias: undefined,
  bad: undefined,
  '': undefined,
};

/** systemd ActiveState -> state. */
const SYSTEMD_STATES: Readonly<Record<string, ServiceState>> = {
  active: 'running',
  reloading: 'running',
  refreshing: 'running',
  inactive: 'stopped',
  maintenance: 'stopped',
  activating: 'start_pending',
  deactivating: 'stop_pending',
  failed: 'failed',
};

export function systemdStartMode(unitFileState: string): StartMode | undefined {
  return Object.hasOwn(SYSTEMD_START_MODES, unitFileState) ? SYSTEMD_START_MODES[unitFileState] : undefined;
}

export function systemdState(activeState: string): ServiceState {
  return Object.hasOwn(SYSTEMD_STATES, activeState)
    ? (SYSTEMD_STATES[activeState] as ServiceState)
    : 'unknown';
}

/** "chronyd.service" -> "chronyd"; names without the suffix are returned as given. */
export function unitServiceName(unit: string): string {
  return unit.endsWith('.service') ? unit.slice(0, -'.service'.length) : unit;
}

export interface SystemdRaw {
  /** Unit name with its ".service" suffix. */
  readonly unit: string;
  /** From ListUnitFiles; undefined for a loaded unit without a unit file entry. */
  readonly unitFileState: string | undefined;
  /** From ListUnits; undefined when the unit is not loaded (then it is inactive). */
  readonly activeState: string | undefined;
}

export function systemdRecord(raw: SystemdRaw): ServiceRecord {
  return {
    name: unitServiceName(raw.unit),
    startMode: raw.unitFileState === undefined ? undefined : systemdStartMode(raw.unitFileState),
    state: systemdState(raw.activeState ?? 'inactive'),
    delayedStart: undefined,
    triggerStart: undefined,
  };
}
