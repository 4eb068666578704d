// Typed time calls on Windows: QPC, FILETIME wall time and the system time adjustment.
// Buffers are allocated once per module, so a clock read allocates nothing.
import { win32Error } from '../errors';
import { getSystemTimeAdjustmentPrecise, kernel32, lastError } from './kernel32';

/** 100 ns intervals between 1601-01-01 and 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;
const HUNDRED_NS = 100e-9;
const eight = Buffer.alloc(8);

export function fileTimeToUnixNs(fileTime: bigint): bigint {
  return (fileTime - FILETIME_UNIX_EPOCH) * 100n;
}

/** QueryPerformanceFrequency: QPC ticks per second, fixed at boot. */
export function qpcFrequency(): number {
  if (!kernel32().QueryPerformanceFrequency(eight))
    throw win32Error('QueryPerformanceFrequency', lastError());
  return Number(eight.readBigInt64LE(0));
}

/** QueryPerformanceCounter: ticks since boot. */
export function qpcTicks(): bigint {
  if (!kernel32().QueryPerformanceCounter(eight)) throw win32Error('QueryPerformanceCounter', lastError());
  return eight.readBigInt64LE(0);
}

/** GetSystemTimePreciseAsFileTime, ns since 1970 (sub-microsecond, interpolated with QPC). */
export function preciseWallNs(): bigint {
  kernel32().GetSystemTimePreciseAsFileTime(eight);
  return fileTimeToUnixNs(eight.readBigUInt64LE(0));
}

/** GetSystemTimeAsFileTime, ns since 1970 (advances once per clock interrupt). */
export function coarseWallNs(): bigint {
  kernel32().GetSystemTimeAsFileTime(eight);
  return fileTimeToUnixNs(eight.readBigUInt64LE(0));
}

/** What GetSystemTimeAdjustment(Precise) says: every `increment` the clock gains `adjustment`. */
export interface TimeAdjustment {
  readonly adjustment: number;
  readonly increment: number;
  /** True: no adjustment; the clock runs at its nominal rate. */
  readonly disabled: boolean;
  /** Which call answered: the precise one is Windows 10+ only (not in Wine 8). */
  readonly call: 'GetSystemTimeAdjustmentPrecise' | 'GetSystemTimeAdjustment';
}

/** GetSystemTimeAdjustment: DWORD values in 100 ns units. */
function systemTimeAdjustment(): TimeAdjustment {
  return readAdjustment('GetSystemTimeAdjustment', kernel32().GetSystemTimeAdjustment, 4);
}

/** GetSystemTimeAdjustmentPrecise where it is exported, else GetSystemTimeAdjustment. */
export function preciseTimeAdjustment(): TimeAdjustment {
  const precise = getSystemTimeAdjustmentPrecise();
  if (!precise) return systemTimeAdjustment();
  return readAdjustment('GetSystemTimeAdjustmentPrecise', precise, 8);
}

/** The clock interrupt period in seconds: GetSystemTimeAdjustment's increment. */
export function clockInterruptSeconds(): number {
  return systemTimeAdjustment().increment * HUNDRED_NS;
}

function readAdjustment(
  call: TimeAdjustment['call'],
  fn: (adjustment: Buffer, increment: Buffer, disabled: Buffer) => unknown,
  width: 4 | 8,
): TimeAdjustment {
  const adjustment = Buffer.alloc(width);
  const increment = Buffer.alloc(width);
  const disabled = Buffer.alloc(4);
  if (!fn(adjustment, increment, disabled)) throw win32Error(call, lastError());
  const read = (b: Buffer) => (width === 4 ? b.readUInt32LE(0) : Number(b.readBigUInt64LE(0)));
  return {
    adjustment: read(adjustment),
    increment: read(increment),
    disabled: disabled.readInt32LE(0) !== 0,
    call,
  };
}
