// Windows timer backend: NtQueryTimerResolution, the coarse system time increment, and
// the sleep probe's OS sleep.
import { timerResolution } from '../../platform/windows/ntdll';
import { clockInterruptSeconds } from '../../platform/windows/time';
import { WaitableTimer } from '../../platform/windows/waitable-timer';
import type { OsSleep, TimerBackend, TimerReading } from './types';

/** A 1 ms timer that has not fired after this long is broken, not late: a failed sleep. */
const WAIT_BOUND_MS = 1000;

export function windowsTimerBackend(): TimerBackend {
  return {
    read: (): TimerReading => {
      const { current, finest, coarsest } = timerResolution();
      return { current, finest, coarsest, coarseClock: coarseClock(), slack: undefined };
    },
  };
}

/** GetSystemTimeAdjustment's increment: how far the coarse system time moves per tick. */
function coarseClock(): number | undefined {
  try {
    return clockInterruptSeconds();
  } catch {
    return undefined;
  }
}

/**
 * A wait of `milliseconds` on a waitable timer (see platform/windows/waitable-timer.ts
 * for why not Sleep): true when the timer fired, false when its calls failed or it had
 * not fired within a second. Throws when no timer can be created at all.
 */
export function windowsSleep(milliseconds: number): OsSleep {
  const timer = new WaitableTimer();
  return () => timer.wait(milliseconds, WAIT_BOUND_MS).kind === 'fired';
}
