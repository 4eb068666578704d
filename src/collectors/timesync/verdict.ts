// The synchronized verdict: one documented rule per OS (docs/collectors/timesync.md).
// Pure. Returns undefined when the inputs cannot tell (the series is then absent).
import { STA_UNSYNC, TIME_ERROR } from './parse';
import type { TimesyncReading } from './types';

export interface VerdictSettings {
  /** Windows: largest |Computed Time Offset| still called synchronized, seconds. */
  readonly maxOffsetSeconds: number;
}

export function synchronized(reading: TimesyncReading, settings: VerdictSettings): boolean | undefined {
  if (reading.linuxKernel) return linuxSynchronized(reading.linuxKernel);
  if (reading.windowsService) return windowsSynchronized(reading, settings);
  return undefined;
}

/**
 * Linux: the kernel's own view. A time daemon that disciplines the clock clears
 * STA_UNSYNC; the kernel sets it again (and adjtimex returns TIME_ERROR) when nobody
 * has updated it for long enough that maxerror reached 16 s.
 */
function linuxSynchronized(kernel: NonNullable<TimesyncReading['linuxKernel']>): boolean {
  return kernel.clockState !== TIME_ERROR && (kernel.status & STA_UNSYNC) === 0;
}

/**
 * Windows: W32Time must run with a Type other than NoSync; then, where the W32Time
 * performance counters exist, at least one NTP source and |Computed Time Offset| within
 * the limit. Running and configured but without counters: unknown (absent), not a guess.
 */
function windowsSynchronized(reading: TimesyncReading, settings: VerdictSettings): boolean | undefined {
  const service = reading.windowsService;
  if (!service?.serviceRunning) return false;
  if (service.type === 'NoSync') return false;
  const offset = reading.absoluteOffsetSeconds;
  const sources = reading.ntpSources;
  if (offset === undefined || sources === undefined) return undefined;
  return sources >= 1 && Math.abs(offset) <= settings.maxOffsetSeconds;
}
