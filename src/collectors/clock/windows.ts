// Windows clock backend.
//
// Monotonic = QueryPerformanceCounter. process.hrtime.bigint() is libuv's uv_hrtime,
// which on Windows reads QueryPerformanceCounter and scales it by
// QueryPerformanceFrequency, so it is QPC in nanoseconds without a native call per
// read; test/windows/clock.test.ts checks it against QPC read through koffi.
// Wall = GetSystemTimePreciseAsFileTime (sub-microsecond, interpolated with QPC);
// coarse wall = GetSystemTimeAsFileTime (updated once per clock interrupt).
import { kernel32 } from '../../platform/windows/kernel32';
import type { ClockBackend } from './types';

/** 100 ns intervals between 1601-01-01 and 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

export function fileTimeToUnixNs(fileTime: bigint): bigint {
  return (fileTime - FILETIME_UNIX_EPOCH) * 100n;
}

export function windowsClockBackend(): ClockBackend {
  const k32 = kernel32();
  const buf = Buffer.alloc(8);
  const fileTime = (fn: typeof k32.GetSystemTimeAsFileTime): bigint => {
    fn(buf);
    return fileTimeToUnixNs(buf.readBigUInt64LE(0));
  };
  if (!k32.QueryPerformanceFrequency(buf)) throw new Error('QueryPerformanceFrequency failed');
  const qpcFrequency = Number(buf.readBigInt64LE(0));
  return {
    monoNs: () => process.hrtime.bigint(),
    wallNs: () => fileTime(k32.GetSystemTimePreciseAsFileTime),
    wallCoarseNs: () => fileTime(k32.GetSystemTimeAsFileTime),
    reportedResolutions: () => ({
      wall: 100e-9,
      wall_coarse: clockInterruptSeconds(k32),
      monotonic: 1 / qpcFrequency,
    }),
    monotonicFrequencyHz: qpcFrequency,
    clocksource: () => undefined,
    // No boot id: the restart-gap check identifies the boot by QPC (see restart-gap.ts).
    bootId: () => undefined,
  };
}

/** The coarse clock advances once per clock interrupt: GetSystemTimeAdjustment's increment. */
function clockInterruptSeconds(k32: ReturnType<typeof kernel32>): number {
  const adjustment = [0];
  const increment = [0];
  const disabled = [0];
  if (!k32.GetSystemTimeAdjustment(adjustment, increment, disabled)) {
    throw new Error(`GetSystemTimeAdjustment failed (error ${String(k32.GetLastError())})`);
  }
  return (increment[0] ?? 0) * 100e-9;
}
