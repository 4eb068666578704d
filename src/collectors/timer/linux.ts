// Linux timer backend: hrtimer resolution (clock_getres of CLOCK_MONOTONIC: 1 ns with
// high-resolution timers, one tick without), the tick (CLOCK_MONOTONIC_COARSE) and the
// calling thread's timer slack (prctl PR_GET_TIMERSLACK), which the kernel may add to
// every sleep to coalesce wake-ups (50 µs by default).
import {
  CLOCK_MONOTONIC,
  CLOCK_MONOTONIC_COARSE,
  PR_GET_TIMERSLACK,
  libc,
  libcTimer,
} from '../../platform/linux/libc';
import type { OsSleep, TimerBackend, TimerReading } from './types';

export function linuxTimerBackend(): TimerBackend {
  const { clock_getres } = libc();
  const { prctl } = libcTimer();
  const ts = Buffer.alloc(16);
  const resolution = (clockId: number): number | undefined => {
    if (clock_getres(clockId, ts) !== 0) return undefined;
    return Number(ts.readBigInt64LE(0)) + Number(ts.readBigInt64LE(8)) / 1e9;
  };
  return {
    read: (): TimerReading => {
      const slackNs = Number(prctl(PR_GET_TIMERSLACK));
      return {
        current: resolution(CLOCK_MONOTONIC),
        finest: undefined,
        coarsest: undefined,
        coarseClock: resolution(CLOCK_MONOTONIC_COARSE),
        slack: slackNs >= 0 ? slackNs / 1e9 : undefined,
      };
    },
  };
}

/** nanosleep(1 ms); the worker's own timer slack applies, as it would to any thread. */
export function linuxSleep(milliseconds: number): OsSleep {
  const { nanosleep } = libcTimer();
  const req = Buffer.alloc(16);
  req.writeBigInt64LE(BigInt(Math.floor(milliseconds / 1000)), 0);
  req.writeBigInt64LE(BigInt(Math.round((milliseconds % 1000) * 1e6)), 8);
  return () => nanosleep(req, null) === 0;
}
