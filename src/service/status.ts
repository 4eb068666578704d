// What a Windows service tells the SCM about itself, and the order it says it in. Pure:
// the dispatcher (dispatcher.ts) hands these bytes to SetServiceStatus, and the CLI
// (scm.ts) reads the SCM's answers with decodeStatusProcess.
//
// SERVICE_STATUS (28 bytes): 0 dwServiceType, 4 dwCurrentState, 8 dwControlsAccepted,
// 12 dwWin32ExitCode, 16 dwServiceSpecificExitCode, 20 dwCheckPoint, 24 dwWaitHint.
// SERVICE_STATUS_PROCESS (36 bytes) adds 28 dwProcessId and 32 dwServiceFlags.

export const SERVICE_WIN32_OWN_PROCESS = 0x10;
export const SERVICE_STATUS_SIZE = 28;
export const SERVICE_STATUS_PROCESS_SIZE = 36;

export const STATE = {
  stopped: 1,
  start_pending: 2,
  stop_pending: 3,
  running: 4,
  continue_pending: 5,
  pause_pending: 6,
  paused: 7,
} as const;
export type StateName = keyof typeof STATE;

export const CONTROL = { stop: 1, pause: 2, continue: 3, interrogate: 4, shutdown: 5 } as const;
export const ACCEPT_STOP = 0x1;
export const ACCEPT_SHUTDOWN = 0x4;

export const NO_ERROR = 0;
export const ERROR_CALL_NOT_IMPLEMENTED = 120;
/** The exit code that says "see dwServiceSpecificExitCode". */
export const ERROR_SERVICE_SPECIFIC_ERROR = 1066;

export interface ServiceStatus {
  readonly state: number;
  readonly controlsAccepted: number;
  readonly win32ExitCode: number;
  readonly serviceSpecificExitCode: number;
  readonly checkPoint: number;
  readonly waitHintMs: number;
}

export interface ServiceStatusProcess extends ServiceStatus {
  readonly processId: number;
}

export function stateName(state: number): StateName | `unknown (${number})` {
  const entry = Object.entries(STATE).find(([, value]) => value === state);
  return entry ? (entry[0] as StateName) : `unknown (${state})`;
}

export function encodeStatus(status: ServiceStatus): Buffer {
  const buf = Buffer.alloc(SERVICE_STATUS_SIZE);
  buf.writeUInt32LE(SERVICE_WIN32_OWN_PROCESS, 0);
  buf.writeUInt32LE(status.state, 4);
  buf.writeUInt32LE(status.controlsAccepted, 8);
  buf.writeUInt32LE(status.win32ExitCode, 12);
  buf.writeUInt32LE(status.serviceSpecificExitCode, 16);
  buf.writeUInt32LE(status.checkPoint, 20);
  buf.writeUInt32LE(status.waitHintMs, 24);
  return buf;
}

export function decodeStatusProcess(buf: Buffer): ServiceStatusProcess {
  if (buf.length < SERVICE_STATUS_PROCESS_SIZE) {
    throw new Error(`SERVICE_STATUS_PROCESS needs ${SERVICE_STATUS_PROCESS_SIZE} bytes, got ${buf.length}`);
  }
  return {
    state: buf.readUInt32LE(4),
    controlsAccepted: buf.readUInt32LE(8),
    win32ExitCode: buf.readUInt32LE(12),
    serviceSpecificExitCode: buf.readUInt32LE(16),
    checkPoint: buf.readUInt32LE(20),
    waitHintMs: buf.readUInt32LE(24),
    processId: buf.readUInt32LE(28),
  };
}

const PENDING: readonly number[] = [
  STATE.start_pending,
  STATE.stop_pending,
  STATE.continue_pending,
  STATE.pause_pending,
];

/**
 * The statuses one run of the service reports, in order. While pending, the check
 * point grows with every report (the SCM takes a check point that stops moving for
 * longer than the wait hint as a hung service); it is 0 in a settled state. STOP and
 * SHUTDOWN are accepted only while running: not while starting, when there is nothing
 * to stop yet, nor once stopping, when a second stop would have nothing to add.
 */
export class StatusSequence {
  private last: ServiceStatus | undefined;

  /** A new state. waitHintMs: how long until the next report, for pending states. */
  enter(state: number, options: { waitHintMs?: number; exitCode?: number } = {}): ServiceStatus {
    const pending = PENDING.includes(state);
    const exitCode = options.exitCode ?? 0;
    this.last = {
      state,
      controlsAccepted: state === STATE.running ? ACCEPT_STOP | ACCEPT_SHUTDOWN : 0,
      win32ExitCode: exitCode === 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR,
      serviceSpecificExitCode: exitCode,
      checkPoint: pending ? 1 : 0,
      waitHintMs: pending ? (options.waitHintMs ?? 10_000) : 0,
    };
    return this.last;
  }

  /** The same pending state, one check point further: "still working on it". */
  progress(): ServiceStatus | undefined {
    if (!this.last || !PENDING.includes(this.last.state)) return undefined;
    this.last = { ...this.last, checkPoint: this.last.checkPoint + 1 };
    return this.last;
  }

  get state(): number {
    return this.last?.state ?? STATE.stopped;
  }
}
