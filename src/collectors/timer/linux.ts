// Linux timer backend: hrtimer resolution (clock_getres of CLOCK_MONOTONIC: 1 ns with
// high-resolution timers, one tick without), the tick (CLOCK_MONOTONIC_COARSE) and the
// calling thread's timer slack (prctl PR_GET_TIMERSLACK), which the kernel may add to
// every sleep to coalesce wake-ups (50 µs by default).
import {
  CLOCK_MONOTONIC,
  CLOCK_MONOTONIC_COARSE,
  clockResolutionSeconds,
  nanosleeper,
  timerSlackSeconds,
} from '../../platform/linux/clock';
import type { OsSleep, TimerBackend, TimerReading } from './types';

export function linuxTimerBackend(): TimerBackend {
  return {
    read: (): TimerReading => ({
      current: clockResolutionSeconds(CLOCK_MONOTONIC),
      finest: undefined,
      coarsest: undefined,
      coarseClock: clockResolutionSeconds(CLOCK_MONOTONIC_COARSE),
      slack: timerSlackSeconds(),
    }),
  };
}

/**
 * nanosleep for the requested milliseconds; the worker's own timer slack applies, as it
 * would to any thread. A sleep a signal cut short (EINTR) is not measured.
 */
export function linuxSleep(milliseconds: number): OsSleep {
  const sleep = nanosleeper(milliseconds);
  return () => sleep() === 'slept';
}
