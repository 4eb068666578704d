// x64 layouts of the SCM structures the exporter reads. Pure: it is given the bytes the
// API wrote and the address of the buffer, so tests feed it constructed buffers.
//
// SERVICE_STATUS (28 bytes): 0 dwServiceType, 4 dwCurrentState, then five more DWORDs.
// ENUM_SERVICE_STATUS_PROCESSW (56 bytes, 8-byte aligned):
//   0 LPWSTR lpServiceName, 8 LPWSTR lpDisplayName,
//   16 SERVICE_STATUS_PROCESS { 16 dwServiceType, 20 dwCurrentState, 24 dwControlsAccepted,
//      28 dwWin32ExitCode, 32 dwServiceSpecificExitCode, 36 dwCheckPoint, 40 dwWaitHint,
//      44 dwProcessId, 48 dwServiceFlags }, 4 bytes of padding to 56.
// QUERY_SERVICE_CONFIGW: 0 dwServiceType, 4 dwStartType, 8 dwErrorControl, then pointers.
// SERVICE_DELAYED_AUTO_START_INFO: 0 BOOL fDelayedAutostart.
// SERVICE_TRIGGER_INFO: 0 DWORD cTriggers, 8 PSERVICE_TRIGGER pTriggers, 16 PBYTE pReserved.
// The strings the pointers name are written by the SCM into the same buffer, after the
// array, so a pointer is turned into an offset by subtracting the buffer's address.

export const ENUM_SERVICE_STATUS_PROCESSW_SIZE = 56;
const CURRENT_STATE_OFFSET = 20;
const START_TYPE_OFFSET = 4;
export const SERVICE_STATUS_SIZE = 28;
const STATUS_CURRENT_STATE_OFFSET = 4;

export interface EnumeratedService {
  readonly name: string;
  readonly currentState: number;
}

/** Reads a NUL-terminated UTF-16LE string that a pointer into `buf` names. */
export function utf16At(buf: Buffer, base: bigint, pointer: bigint): string {
  const start = Number(pointer - base);
  if (pointer < base || start >= buf.length || start % 2 !== 0) {
    throw new Error(`SCM string pointer 0x${pointer.toString(16)} is outside its buffer`);
  }
  let end = start;
  while (end + 1 < buf.length && buf.readUInt16LE(end) !== 0) end += 2;
  if (end + 1 >= buf.length) throw new Error('SCM string is not terminated inside its buffer');
  return buf.toString('utf16le', start, end);
}

/** The `count` ENUM_SERVICE_STATUS_PROCESSW records at the start of `buf`. */
export function parseEnumServices(buf: Buffer, base: bigint, count: number): EnumeratedService[] {
  if (count * ENUM_SERVICE_STATUS_PROCESSW_SIZE > buf.length) {
    throw new Error(`SCM returned ${count} services, more than its buffer holds`);
  }
  const services: EnumeratedService[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * ENUM_SERVICE_STATUS_PROCESSW_SIZE;
    services.push({
      name: utf16At(buf, base, buf.readBigUInt64LE(at)),
      currentState: buf.readUInt32LE(at + CURRENT_STATE_OFFSET),
    });
  }
  return services;
}

export function startTypeOf(queryServiceConfig: Buffer): number {
  return queryServiceConfig.readUInt32LE(START_TYPE_OFFSET);
}

export function delayedFlagOf(delayedAutoStartInfo: Buffer): boolean {
  return delayedAutoStartInfo.readInt32LE(0) !== 0;
}

export function triggerCountOf(triggerInfo: Buffer): number {
  return triggerInfo.readUInt32LE(0);
}

/** dwCurrentState of a SERVICE_STATUS (SERVICE_STOPPED = 1 ... SERVICE_PAUSED = 7). */
export function currentStateOf(serviceStatus: Buffer): number {
  return serviceStatus.readUInt32LE(STATUS_CURRENT_STATE_OFFSET);
}
