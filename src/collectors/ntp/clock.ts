// The probe's local clock: the clock collector's backend and bracket code, so the NTP
// offset is measured against exactly the wall clock the clock collector watches.
import { readBrackets } from '../clock/brackets';
import { narrowest } from '../clock/sampler';
import type { ClockBackend } from '../clock/types';
import type { WallReading } from './types';

/** Brackets per wall read, the clock collector's default; the narrowest is kept. */
export const BRACKETS = 5;

export interface ProbeClock {
  /** The backend's monotonic clock (CLOCK_BOOTTIME; QPC on Windows), ns. */
  monoNs(): bigint;
  /** Wall time pinned to monotonic time by the narrowest of BRACKETS brackets. */
  readWall(): WallReading;
}

export function probeClock(backend: Pick<ClockBackend, 'monoNs' | 'wallNs'>): ProbeClock {
  return {
    monoNs: backend.monoNs,
    readWall: () => {
      const best = narrowest(readBrackets(backend, BRACKETS));
      if (!best) throw new Error('the monotonic clock went backward in every bracket');
      return { wallNs: best.monoNs + best.offsetNs, monoNs: best.monoNs, widthNs: best.widthNs };
    },
  };
}
