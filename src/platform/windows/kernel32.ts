// koffi declarations for kernel32.dll. Loaded lazily, only on Windows. The typed calls the
// collectors use are in time.ts, processors.ts and waitable-timer.ts; tests may call these
// declarations directly to check what the API writes.
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
  /** BOOL GetSystemTimeAdjustment(DWORD *adj, DWORD *increment, BOOL *disabled): 4-byte Buffers. */
  readonly GetSystemTimeAdjustment: NativeFunction;
  /** DWORD GetLastError(void). */
  readonly GetLastError: NativeFunction;
  /** BOOL GetLogicalProcessorInformationEx(relationship, buffer or NULL, DWORD *length in/out). */
  readonly GetLogicalProcessorInformationEx: NativeFunction;
  /** WORD GetActiveProcessorGroupCount(void). */
  readonly GetActiveProcessorGroupCount: NativeFunction;
  /** WORD GetMaximumProcessorGroupCount(void). */
  readonly GetMaximumProcessorGroupCount: NativeFunction;
  /** DWORD GetActiveProcessorCount(WORD group). */
  readonly GetActiveProcessorCount: NativeFunction;
  /** DWORD GetMaximumProcessorCount(WORD group). */
  readonly GetMaximumProcessorCount: NativeFunction;
  /** HANDLE GetCurrentProcess(void): the pseudo handle -1. */
  readonly GetCurrentProcess: NativeFunction;
  /** BOOL GetProcessGroupAffinity(HANDLE, USHORT *count in/out, USHORT *groups). */
  readonly GetProcessGroupAffinity: NativeFunction;
  /** BOOL GetProcessAffinityMask(HANDLE, DWORD_PTR *process, DWORD_PTR *system): 8 bytes each. */
  readonly GetProcessAffinityMask: NativeFunction;
  /** HANDLE CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES, LPCWSTR name, DWORD flags, DWORD access); NULL on error. */
  readonly CreateWaitableTimerExW: NativeFunction;
  /** BOOL SetWaitableTimer(HANDLE, const LARGE_INTEGER *due, LONG period, PTIMERAPCROUTINE, LPVOID, BOOL resume). */
  readonly SetWaitableTimer: NativeFunction;
  /** DWORD WaitForSingleObject(HANDLE, DWORD milliseconds). */
  readonly WaitForSingleObject: NativeFunction;
  /** BOOL CloseHandle(HANDLE). */
  readonly CloseHandle: NativeFunction;
  /** HLOCAL LocalFree(HLOCAL): frees what an API allocated for the caller; NULL on success. */
  readonly LocalFree: NativeFunction;
  /** void ExitProcess(UINT code): ends the process, other threads first, without Node's join. */
  readonly ExitProcess: NativeFunction;
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
      'int __stdcall GetSystemTimeAdjustment(void *adjustment, void *increment, void *disabled)',
    ),
    GetLastError: lib.func('uint32_t __stdcall GetLastError()'),
    GetLogicalProcessorInformationEx: lib.func(
      'int __stdcall GetLogicalProcessorInformationEx(int relationship, void *buffer, void *length)',
    ),
    GetActiveProcessorGroupCount: lib.func('uint16_t __stdcall GetActiveProcessorGroupCount()'),
    GetMaximumProcessorGroupCount: lib.func('uint16_t __stdcall GetMaximumProcessorGroupCount()'),
    GetActiveProcessorCount: lib.func('uint32_t __stdcall GetActiveProcessorCount(uint16_t group)'),
    GetMaximumProcessorCount: lib.func('uint32_t __stdcall GetMaximumProcessorCount(uint16_t group)'),
    GetCurrentProcess: lib.func('void * __stdcall GetCurrentProcess()'),
    GetProcessGroupAffinity: lib.func(
      'int __stdcall GetProcessGroupAffinity(void *process, void *count, void *groups)',
    ),
    GetProcessAffinityMask: lib.func(
      'int __stdcall GetProcessAffinityMask(void *process, void *processMask, void *systemMask)',
    ),
    CreateWaitableTimerExW: lib.func(
      'void * __stdcall CreateWaitableTimerExW(void *attributes, const char16_t *name, uint32_t flags, uint32_t access)',
    ),
    SetWaitableTimer: lib.func(
      'int __stdcall SetWaitableTimer(void *timer, const void *due, int32_t period, void *routine, void *arg, int resume)',
    ),
    WaitForSingleObject: lib.func(
      'uint32_t __stdcall WaitForSingleObject(void *handle, uint32_t milliseconds)',
    ),
    CloseHandle: lib.func('int __stdcall CloseHandle(void *handle)'),
    LocalFree: lib.func('void * __stdcall LocalFree(void *memory)'),
    ExitProcess: lib.func('void __stdcall ExitProcess(uint32_t code)'),
  };
  return cached;
}

/** GetLastError of the calling thread, right after a call that reported failure. */
export function lastError(): number {
  return Number(kernel32().GetLastError());
}

let precise: NativeFunction | null | undefined;

/**
 * BOOL GetSystemTimeAdjustmentPrecise(PDWORD64 adj, PDWORD64 increment, PBOOL disabled):
 * Windows 10+ only, and not exported by Wine 8; undefined where it is missing.
 */
export function getSystemTimeAdjustmentPrecise(): NativeFunction | undefined {
  if (precise !== undefined) return precise ?? undefined;
  const signature =
    'int __stdcall GetSystemTimeAdjustmentPrecise(void *adjustment, void *increment, void *disabled)';
  precise = null;
  for (const dll of ['kernel32.dll', 'kernelbase.dll']) {
    try {
      precise = loadKoffi().load(dll).func(signature);
      break;
    } catch {
      // not exported by this DLL: try the next one
    }
  }
  return precise ?? undefined;
}
