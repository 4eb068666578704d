// koffi declarations for kernel32.dll. Loaded lazily, only on Windows.
// Every pointer argument is a caller-owned Buffer, so no object is allocated per call.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

export interface Kernel32 {
  /** BOOL QueryPerformanceCounter(LARGE_INTEGER *): 8 bytes, ticks. */
  readonly QueryPerformanceCounter: NativeFunction;
  /** BOOL QueryPerformanceFrequency(LARGE_INTEGER *): 8 bytes, ticks per second. */
  readonly QueryPerformanceFrequency: NativeFunction;
  /** void GetSystemTimePreciseAsFileTime(FILETIME *): 100 ns units since 1601. */
  readonly GetSystemTimePreciseAsFileTime: NativeFunction;
  /** void GetSystemTimeAsFileTime(FILETIME *): same units, updated once per clock tick. */
  readonly GetSystemTimeAsFileTime: NativeFunction;
  /** BOOL GetSystemTimeAdjustment(DWORD *adj, DWORD *increment, BOOL *disabled). */
  readonly GetSystemTimeAdjustment: NativeFunction;
  /** DWORD GetLastError(void). */
  readonly GetLastError: NativeFunction;
}

let cached: Kernel32 | undefined;

export function kernel32(): Kernel32 {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('kernel32.dll');
  cached = {
    QueryPerformanceCounter: lib.func('int __stdcall QueryPerformanceCounter(void *count)'),
    QueryPerformanceFrequency: lib.func('int __stdcall QueryPerformanceFrequency(void *freq)'),
    GetSystemTimePreciseAsFileTime: lib.func('void __stdcall GetSystemTimePreciseAsFileTime(void *fileTime)'),
    GetSystemTimeAsFileTime: lib.func('void __stdcall GetSystemTimeAsFileTime(void *fileTime)'),
    GetSystemTimeAdjustment: lib.func(
      'int __stdcall GetSystemTimeAdjustment(_Out_ uint32_t *adjustment, _Out_ uint32_t *increment, _Out_ int *disabled)',
    ),
    GetLastError: lib.func('uint32_t __stdcall GetLastError()'),
  };
  return cached;
}

/**
 * BOOL GetSystemTimeAdjustmentPrecise(PDWORD64 adj, PDWORD64 increment, PBOOL disabled):
 * Windows 10+ only, and not exported by Wine 8; undefined where it is missing, so the
 * caller falls back to GetSystemTimeAdjustment.
 */
export function getSystemTimeAdjustmentPrecise(): NativeFunction | undefined {
  const signature =
    'int __stdcall GetSystemTimeAdjustmentPrecise(_Out_ uint64_t *adjustment, _Out_ uint64_t *increment, _Out_ int *disabled)';
  for (const dll of ['kernel32.dll', 'kernelbase.dll']) {
    try {
      return loadKoffi().load(dll).func(signature);
    } catch {
      // not exported by this DLL: try the next one
    }
  }
  return undefined;
}
