// Windows clock backend.
//
// Monotonic = QueryPerformanceCounter. process.hrtime.bigint() is libuv's uv_hrtime,
// which on Windows reads QueryPerformanceCounter and scales it by
// QueryPerformanceFrequency, so it is QPC in nanoseconds without a native call per
// read; test/windows/clock.test.ts checks it against QPC read through koffi.
// Wall = GetSystemTimePreciseAsFileTime (sub-microsecond, interpolated with QPC);
// coarse wall = GetSystemTimeAsFileTime (updated once per clock interrupt).
import {
  clockInterruptSeconds,
  coarseWallNs,
  preciseWallNs,
  qpcFrequency,
} from '../../platform/windows/time';
import type { ClockBackend } from './types';

export function windowsClockBackend(): ClockBackend {
  const frequency = qpcFrequency();
  return {
    monoNs: () => process.hrtime.bigint(),
    wallNs: preciseWallNs,
    wallCoarseNs: coarseWallNs,
    reportedResolutions: () => ({
      wall: 100e-9,
      // The coarse clock advances once per clock interrupt.
      wall_coarse: clockInterruptSeconds(),
      monotonic: 1 / frequency,
    }),
    monotonicFrequencyHz: frequency,
    clocksource: () => undefined,
    // No boot id: the restart-gap check identifies the boot by QPC (see restart-gap.ts).
    bootId: () => undefined,
  };
}
