// Linux clock backend: clock_gettime through koffi, resolved from the global scope.
//
// Monotonic = CLOCK_BOOTTIME, not CLOCK_MONOTONIC: CLOCK_MONOTONIC stops while the
// host is suspended and CLOCK_REALTIME does not, so after a resume (wall - monotonic)
// would jump by the suspend length and be counted as a clock step that never happened.
// CLOCK_BOOTTIME is CLOCK_MONOTONIC plus suspend time, with the same rate and slewing.
import { readFileSync } from 'node:fs';
import { CLOCK_BOOTTIME, CLOCK_REALTIME, CLOCK_REALTIME_COARSE, libc } from '../../platform/linux/libc';
import type { ClockBackend, ClockResolutions } from './types';

const CURRENT_CLOCKSOURCE = '/sys/devices/system/clocksource/clocksource0/current_clocksource';
const BOOT_ID = '/proc/sys/kernel/random/boot_id';

export function linuxClockBackend(): ClockBackend {
  const { clock_gettime, clock_getres } = libc();
  const ts = Buffer.alloc(16);
  const read = (clockId: number): bigint => {
    if (clock_gettime(clockId, ts) !== 0) throw new Error(`clock_gettime(${clockId}) failed`);
    return ts.readBigInt64LE(0) * 1_000_000_000n + ts.readBigInt64LE(8);
  };
  const resolution = (clockId: number): number => {
    if (clock_getres(clockId, ts) !== 0) throw new Error(`clock_getres(${clockId}) failed`);
    return Number(ts.readBigInt64LE(0)) + Number(ts.readBigInt64LE(8)) / 1e9;
  };
  return {
    monoNs: () => read(CLOCK_BOOTTIME),
    wallNs: () => read(CLOCK_REALTIME),
    wallCoarseNs: () => read(CLOCK_REALTIME_COARSE),
    reportedResolutions: (): ClockResolutions => ({
      wall: resolution(CLOCK_REALTIME),
      wall_coarse: resolution(CLOCK_REALTIME_COARSE),
      monotonic: resolution(CLOCK_BOOTTIME),
    }),
    monotonicFrequencyHz: 1e9,
    clocksource: () => readTrimmed(CURRENT_CLOCKSOURCE),
    bootId: () => readTrimmed(BOOT_ID),
  };
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
