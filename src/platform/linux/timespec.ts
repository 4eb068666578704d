// struct timespec on LP64 Linux: { time_t tv_sec; long tv_nsec; }, 16 bytes. The one
// encoder and decoder of it, for clock_gettime, clock_getres, nanosleep and timerfd. Pure.
export const TIMESPEC_SIZE = 16;
const NS_PER_SECOND = 1_000_000_000n;

/** The timespec at `offset` as nanoseconds. */
export function timespecNs(buf: Buffer, offset = 0): bigint {
  return buf.readBigInt64LE(offset) * NS_PER_SECOND + buf.readBigInt64LE(offset + 8);
}

/** The timespec at `offset` as seconds (a double: for resolutions, not for timestamps). */
export function timespecSeconds(buf: Buffer, offset = 0): number {
  return Number(buf.readBigInt64LE(offset)) + Number(buf.readBigInt64LE(offset + 8)) / 1e9;
}

/** Writes nanoseconds (0 or more) as a timespec at `offset`. */
export function writeTimespecNs(buf: Buffer, ns: bigint, offset = 0): void {
  buf.writeBigInt64LE(ns / NS_PER_SECOND, offset);
  buf.writeBigInt64LE(ns % NS_PER_SECOND, offset + 8);
}
