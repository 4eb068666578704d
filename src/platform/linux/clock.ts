// Typed clock and sleep calls on Linux. A clock read allocates nothing: the timespec
// buffer is the module's own (each worker thread has its own copy of the module).
import { errnoError } from '../errors';
import { errno, libc } from './libc';
import { TIMESPEC_SIZE, timespecNs, timespecSeconds, writeTimespecNs } from './timespec';

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
/** prctl option that returns the calling thread's timer slack in nanoseconds. */
const PR_GET_TIMERSLACK = 30;
const EINTR = 4;

const ts = Buffer.alloc(TIMESPEC_SIZE);

/** clock_gettime in nanoseconds; throws OsError (errno) when the clock is not available. */
export function clockNs(clockId: number): bigint {
  if (libc().clock_gettime(clockId, ts) !== 0) throw errnoError(`clock_gettime(${clockId})`, errno());
  return timespecNs(ts);
}

/** clock_getres in seconds; undefined when the kernel does not say. */
export function clockResolutionSeconds(clockId: number): number | undefined {
  return libc().clock_getres(clockId, ts) === 0 ? timespecSeconds(ts) : undefined;
}

/** The calling thread's timer slack (prctl PR_GET_TIMERSLACK) in seconds. */
export function timerSlackSeconds(): number | undefined {
  const ns = Number(libc().prctl(PR_GET_TIMERSLACK));
  return ns >= 0 ? ns / 1e9 : undefined;
}

/** How one nanosleep ended: slept the whole interval, cut short by a signal, or refused. */
export type SleepOutcome = 'slept' | 'interrupted' | 'failed';

/** A nanosleep of `milliseconds`, the request encoded once. */
export function nanosleeper(milliseconds: number): () => SleepOutcome {
  const req = Buffer.alloc(TIMESPEC_SIZE);
  writeTimespecNs(req, BigInt(Math.round(milliseconds * 1e6)));
  const { nanosleep } = libc();
  return () => {
    if (nanosleep(req, null) === 0) return 'slept';
    return errno() === EINTR ? 'interrupted' : 'failed';
  };
}
