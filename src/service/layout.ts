// x64 layouts of the SCM structures that `service install` writes and `service status`
// reads. Pure: pointers are passed in as addresses (the caller keeps the Buffers they
// point at alive across the call), and a buffer the SCM filled is read with its own
// address, since the strings it points at are written into the same buffer.
//
// SERVICE_DESCRIPTIONW (8):        0 LPWSTR lpDescription
// SC_ACTION (8):                   0 SC_ACTION_TYPE Type, 4 DWORD Delay (ms)
// SERVICE_FAILURE_ACTIONSW (40):   0 DWORD dwResetPeriod (s), 8 LPWSTR lpRebootMsg,
//                                  16 LPWSTR lpCommand, 24 DWORD cActions, 32 SC_ACTION *lpsaActions
// SERVICE_FAILURE_ACTIONS_FLAG (4): 0 BOOL fFailureActionsOnNonCrashFailures
// QUERY_SERVICE_CONFIGW (64):      0 dwServiceType, 4 dwStartType, 8 dwErrorControl,
//                                  16 lpBinaryPathName, 24 lpLoadOrderGroup, 32 dwTagId,
//                                  40 lpDependencies, 48 lpServiceStartName, 56 lpDisplayName
import { utf16At } from '../platform/windows/scm-layout';

export const SC_ACTION_RESTART = 1;

export interface RestartAction {
  readonly delayMs: number;
}

/** A NUL-terminated UTF-16LE string, for pointers in the structures below. */
export function wideString(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

export function descriptionInfo(textAddress: bigint): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64LE(textAddress, 0);
  return buf;
}

export function restartActions(actions: readonly RestartAction[]): Buffer {
  const buf = Buffer.alloc(8 * actions.length);
  actions.forEach((action, i) => {
    buf.writeUInt32LE(SC_ACTION_RESTART, i * 8);
    buf.writeUInt32LE(action.delayMs, i * 8 + 4);
  });
  return buf;
}

/** SERVICE_FAILURE_ACTIONSW: the actions array at `actionsAddress`; no reboot message, no command. */
export function failureActions(resetPeriodSeconds: number, actionsAddress: bigint, count: number): Buffer {
  const buf = Buffer.alloc(40);
  buf.writeUInt32LE(resetPeriodSeconds, 0);
  buf.writeUInt32LE(count, 24);
  buf.writeBigUInt64LE(actionsAddress, 32);
  return buf;
}

export function failureActionsFlag(onNonCrashFailures: boolean): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeInt32LE(onNonCrashFailures ? 1 : 0, 0);
  return buf;
}

export interface InstalledConfig {
  readonly startType: number;
  readonly commandLine: string;
  readonly account: string;
  readonly displayName: string;
}

const QUERY_SERVICE_CONFIGW_SIZE = 64;

export function parseServiceConfig(buf: Buffer, base: bigint): InstalledConfig {
  if (buf.length < QUERY_SERVICE_CONFIGW_SIZE) {
    throw new Error(`QUERY_SERVICE_CONFIGW needs ${QUERY_SERVICE_CONFIGW_SIZE} bytes, got ${buf.length}`);
  }
  const text = (offset: number): string => {
    const pointer = buf.readBigUInt64LE(offset);
    return pointer === 0n ? '' : utf16At(buf, base, pointer);
  };
  return {
    startType: buf.readUInt32LE(4),
    commandLine: text(16),
    account: text(48),
    displayName: text(56),
  };
}

/** Start types as `sc qc` names them. */
export function startTypeName(startType: number): string {
  return ['boot', 'system', 'auto', 'demand', 'disabled'][startType] ?? `unknown (${startType})`;
}
