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
