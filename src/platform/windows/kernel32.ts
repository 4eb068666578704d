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

  // Processor topology (topology collector) and the sleep probe (timer collector).
  /** BOOL GetLogicalProcessorInformationEx(relationship, buffer or NULL, DWORD *length in/out). */
  readonly GetLogicalProcessorInformationEx: NativeFunction;
  /** WORD GetActiveProcessorGroupCount(void). */
  readonly GetActiveProcessorGroupCount: NativeFunction;
  /** WORD GetMaximumProcessorGroupCount(void). */
  readonly GetMaximumProcessorGroupCount: NativeFunction;
  /** DWORD GetActiveProcessorCount(WORD group); ALL_PROCESSOR_GROUPS (0xffff) for all. */
  readonly GetActiveProcessorCount: NativeFunction;
  /** DWORD GetMaximumProcessorCount(WORD group). */
  readonly GetMaximumProcessorCount: NativeFunction;
  /** HANDLE GetCurrentProcess(void): the pseudo handle -1. */
  readonly GetCurrentProcess: NativeFunction;
  /** BOOL GetProcessGroupAffinity(HANDLE, USHORT *count in/out, USHORT *groups). */
  readonly GetProcessGroupAffinity: NativeFunction;
  /** BOOL GetProcessAffinityMask(HANDLE, DWORD_PTR *process, DWORD_PTR *system): 8 bytes each. */
  readonly GetProcessAffinityMask: NativeFunction;
  /** void Sleep(DWORD milliseconds): wakes on the next timer tick after the interval. */
  readonly Sleep: NativeFunction;
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
    GetLogicalProcessorInformationEx: lib.func(
      'int __stdcall GetLogicalProcessorInformationEx(int relationship, void *buffer, _Inout_ uint32_t *length)',
    ),
    GetActiveProcessorGroupCount: lib.func('uint16_t __stdcall GetActiveProcessorGroupCount()'),
    GetMaximumProcessorGroupCount: lib.func('uint16_t __stdcall GetMaximumProcessorGroupCount()'),
    GetActiveProcessorCount: lib.func('uint32_t __stdcall GetActiveProcessorCount(uint16_t group)'),
    GetMaximumProcessorCount: lib.func('uint32_t __stdcall GetMaximumProcessorCount(uint16_t group)'),
    GetCurrentProcess: lib.func('void * __stdcall GetCurrentProcess()'),
    GetProcessGroupAffinity: lib.func(
      'int __stdcall GetProcessGroupAffinity(void *process, _Inout_ uint16_t *count, void *groups)',
    ),
    GetProcessAffinityMask: lib.func(
      'int __stdcall GetProcessAffinityMask(void *process, void *processMask, void *systemMask)',
    ),
    Sleep: lib.func('void __stdcall Sleep(uint32_t milliseconds)'),
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
