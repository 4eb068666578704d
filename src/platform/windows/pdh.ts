// koffi declarations for pdh.dll (performance counters) and the typed calls over them.
// Loaded lazily, only on Windows. Counters are added by their English names
// (PdhAddEnglishCounterW), so the code works on every display language. Query and
// counter handles are pointer-sized integers. A call's PDH_STATUS is the OsError's osCode.
import type { LibraryHandle } from 'koffi';
import { OsError } from '../errors';
import { loadKoffi, type NativeFunction } from '../koffi';

const PDH_FMT_DOUBLE = 0x00000200;
const PDH_FMT_NOCAP100 = 0x00008000;
/** sizeof(PDH_FMT_COUNTERVALUE): DWORD CStatus, padding, then the 8-byte union. */
const PDH_FMT_COUNTERVALUE_SIZE = 16;

interface Pdh {
  /** PDH_STATUS PdhOpenQueryW(LPCWSTR source, DWORD_PTR userData, PDH_HQUERY *query). */
  readonly PdhOpenQueryW: NativeFunction;
  /** PDH_STATUS PdhAddEnglishCounterW(PDH_HQUERY, LPCWSTR path, DWORD_PTR, PDH_HCOUNTER *). */
  readonly PdhAddEnglishCounterW: NativeFunction;
  /** PDH_STATUS PdhCollectQueryData(PDH_HQUERY). */
  readonly PdhCollectQueryData: NativeFunction;
  /** PDH_STATUS PdhGetFormattedCounterValue(PDH_HCOUNTER, DWORD format, LPDWORD type, PPDH_FMT_COUNTERVALUE). */
  readonly PdhGetFormattedCounterValue: NativeFunction;
  /** PDH_STATUS PdhCloseQuery(PDH_HQUERY). */
  readonly PdhCloseQuery: NativeFunction;
}

let cached: Pdh | undefined;

function pdh(): Pdh {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('pdh.dll');
  cached = {
    PdhOpenQueryW: lib.func(
      'uint32_t __stdcall PdhOpenQueryW(const char16_t *source, uintptr_t userData, void *query)',
    ),
    PdhAddEnglishCounterW: lib.func(
      'uint32_t __stdcall PdhAddEnglishCounterW(intptr_t query, const char16_t *path, uintptr_t userData, void *counter)',
    ),
    PdhCollectQueryData: lib.func('uint32_t __stdcall PdhCollectQueryData(intptr_t query)'),
    PdhGetFormattedCounterValue: lib.func(
      'uint32_t __stdcall PdhGetFormattedCounterValue(intptr_t counter, uint32_t format, void *type, void *value)',
    ),
    PdhCloseQuery: lib.func('uint32_t __stdcall PdhCloseQuery(intptr_t query)'),
  };
  return cached;
}

/** A PDH_HQUERY or PDH_HCOUNTER. */
export type PdhHandle = bigint;

function pdhError(call: string, status: number): OsError {
  return new OsError(call, status, `${call} failed (0x${(status >>> 0).toString(16)})`);
}

/** PdhOpenQueryW on live data. */
export function openPdhQuery(): PdhHandle {
  const query = Buffer.alloc(8);
  const status = Number(pdh().PdhOpenQueryW(null, 0, query));
  if (status !== 0) throw pdhError('PdhOpenQueryW', status);
  return query.readBigInt64LE(0);
}

/** PdhAddEnglishCounterW: the counter, or an OsError with the PDH status (PDH_CSTATUS_NO_OBJECT...). */
export function addEnglishCounter(query: PdhHandle, path: string): PdhHandle {
  const counter = Buffer.alloc(8);
  const status = Number(pdh().PdhAddEnglishCounterW(query, path, 0, counter));
  if (status !== 0) throw pdhError(`PdhAddEnglishCounterW(${path})`, status);
  return counter.readBigInt64LE(0);
}

export function collectPdhQuery(query: PdhHandle): void {
  const status = Number(pdh().PdhCollectQueryData(query));
  if (status !== 0) throw pdhError('PdhCollectQueryData', status);
}

/** The counter as a double (uncapped), or undefined when PDH has no valid value for it. */
export function counterDouble(counter: PdhHandle): number | undefined {
  const value = Buffer.alloc(PDH_FMT_COUNTERVALUE_SIZE);
  const status = Number(
    pdh().PdhGetFormattedCounterValue(counter, PDH_FMT_DOUBLE | PDH_FMT_NOCAP100, null, value),
  );
  return status === 0 ? pdhDouble(value) : undefined;
}

export function closePdhQuery(query: PdhHandle): void {
  pdh().PdhCloseQuery(query);
}

/** PDH_FMT_COUNTERVALUE: CStatus at 0, the double at 8; a status other than 0 is no value. Pure. */
export function pdhDouble(value: Buffer): number | undefined {
  const cstatus = value.readUInt32LE(0);
  return cstatus === 0 ? value.readDoubleLE(8) : undefined;
}
