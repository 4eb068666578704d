// koffi declarations for the C library on Linux. Loaded lazily, on first use.
//
// The library is resolved from the process's global symbol scope (koffi.load(null)),
// not by file name: that is the clock_gettime every other library in the process sees,
// and the one an LD_PRELOAD (libfaketime in our tests) interposes.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_BOOTTIME = 7;

export interface Libc {
  /** int clock_gettime(clockid_t, struct timespec *): writes 16 bytes (sec, nsec). */
  readonly clock_gettime: NativeFunction;
  /** int clock_getres(clockid_t, struct timespec *). */
  readonly clock_getres: NativeFunction;
}

let cached: Libc | undefined;

export function libc(): Libc {
  if (cached) return cached;
  const koffi = loadKoffi();
  const lib: LibraryHandle = koffi.load(null);
  // A raw pointer to a caller-owned 16-byte buffer: no object is allocated per call,
  // which keeps a (mono, wall, mono) bracket close to the native floor.
  cached = {
    clock_gettime: lib.func('int clock_gettime(int clockid, _Out_ void *ts)'),
    clock_getres: lib.func('int clock_getres(int clockid, _Out_ void *res)'),
  };
  return cached;
}
