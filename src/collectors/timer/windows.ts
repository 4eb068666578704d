// Windows timer backend: NtQueryTimerResolution and the coarse system time increment.
//
// NT names the values by resolution, not by interval: its "MinimumResolution" is the
// longest interval (coarsest, 15.625 ms) and its "MaximumResolution" the shortest
// (finest, 0.5 ms on most hardware). The declaration in platform/windows/ntdll.ts names
// the out-parameters coarsest, finest, current in that order.
import { kernel32 } from '../../platform/windows/kernel32';
import { ntdll } from '../../platform/windows/ntdll';
import type { OsSleep, TimerBackend, TimerReading } from './types';

const HUNDRED_NS = 100e-9;

export function windowsTimerBackend(): TimerBackend {
  const nt = ntdll();
  const k32 = kernel32();
  return {
    read: (): TimerReading => {
      const coarsest = [0];
      const finest = [0];
      const current = [0];
      const status = Number(nt.NtQueryTimerResolution(coarsest, finest, current));
      if (status !== 0)
        throw new Error(`NtQueryTimerResolution failed (NTSTATUS 0x${(status >>> 0).toString(16)})`);
      return {
        current: (current[0] ?? 0) * HUNDRED_NS,
        finest: (finest[0] ?? 0) * HUNDRED_NS,
        coarsest: (coarsest[0] ?? 0) * HUNDRED_NS,
        coarseClock: systemTimeIncrement(k32),
        slack: undefined,
      };
    },
  };
}

/** GetSystemTimeAdjustment's increment: how far the coarse system time moves per tick. */
function systemTimeIncrement(k32: ReturnType<typeof kernel32>): number | undefined {
  const adjustment = [0];
  const increment = [0];
  const disabled = [0];
  if (!k32.GetSystemTimeAdjustment(adjustment, increment, disabled)) return undefined;
  return (increment[0] ?? 0) * HUNDRED_NS;
}

/** Sleep(ms): returns on the first timer tick after the interval has elapsed. */
export function windowsSleep(milliseconds: number): OsSleep {
  const { Sleep } = kernel32();
  return () => {
    Sleep(milliseconds);
    return true;
  };
}
