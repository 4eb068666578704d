// koffi declarations for pdh.dll (performance counters). Loaded lazily, only on Windows.
// Counters are added by their English names (PdhAddEnglishCounterW), so the code works
// on every display language. Handles are pointer-sized integers.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

export const PDH_FMT_DOUBLE = 0x00000200;
export const PDH_FMT_NOCAP100 = 0x00008000;
/** sizeof(PDH_FMT_COUNTERVALUE): DWORD CStatus, padding, then the 8-byte union. */
export const PDH_FMT_COUNTERVALUE_SIZE = 16;

export interface Pdh {
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

export function pdh(): Pdh {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('pdh.dll');
  cached = {
    PdhOpenQueryW: lib.func(
      'uint32_t __stdcall PdhOpenQueryW(const char16_t *source, uintptr_t userData, _Out_ intptr_t *query)',
    ),
    PdhAddEnglishCounterW: lib.func(
      'uint32_t __stdcall PdhAddEnglishCounterW(intptr_t query, const char16_t *path, uintptr_t userData, _Out_ intptr_t *counter)',
    ),
    PdhCollectQueryData: lib.func('uint32_t __stdcall PdhCollectQueryData(intptr_t query)'),
    PdhGetFormattedCounterValue: lib.func(
      'uint32_t __stdcall PdhGetFormattedCounterValue(intptr_t counter, uint32_t format, _Out_ uint32_t *type, _Out_ void *value)',
    ),
    PdhCloseQuery: lib.func('uint32_t __stdcall PdhCloseQuery(intptr_t query)'),
  };
  return cached;
}
