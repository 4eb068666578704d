// Linux clock backend: clock_gettime through koffi, resolved from the global scope.
//
// Monotonic = CLOCK_BOOTTIME, not CLOCK_MONOTONIC: CLOCK_MONOTONIC stops while the
// host is suspended and CLOCK_REALTIME does not, so after a resume (wall - monotonic)
// would jump by the suspend length and be counted as a clock step that never happened.
// CLOCK_BOOTTIME is CLOCK_MONOTONIC plus suspend time, with the same rate and slewing.
import { readFileSync } from 'node:fs';
import {
  CLOCK_BOOTTIME,
  CLOCK_REALTIME,
  CLOCK_REALTIME_COARSE,
  clockNs,
  clockResolutionSeconds,
} from '../../platform/linux/clock';
import type { ClockBackend, ClockResolutions } from './types';

const CURRENT_CLOCKSOURCE = '/sys/devices/system/clocksource/clocksource0/current_clocksource';
const BOOT_ID = '/proc/sys/kernel/random/boot_id';

export function linuxClockBackend(): ClockBackend {
  const resolution = (clockId: number): number => {
    const seconds = clockResolutionSeconds(clockId);
    if (seconds === undefined) throw new Error(`clock_getres(${clockId}) failed`);
    return seconds;
  };
  return {
    monoNs: () => clockNs(CLOCK_BOOTTIME),
    wallNs: () => clockNs(CLOCK_REALTIME),
    wallCoarseNs: () => clockNs(CLOCK_REALTIME_COARSE),
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
