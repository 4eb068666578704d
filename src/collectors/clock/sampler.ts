// The clock sampler's math: brackets, offsets, steps and drift. Pure: it is fed
// readings, so tests drive it with synthetic clocks.
//
// Step threshold reasoning. Between two samples dt apart, (wall - mono) legitimately
// changes by the slew (at most 500 ppm, the fastest the Linux kernel and W32Time slew:
// 0.5 ms per second) and by the read uncertainty of both samples (half of each bracket
// width). Anything beyond threshold + 500e-6 * dt + (w1 + w2) / 2 is a step. With the
// defaults (1 s interval, 2 ms threshold, brackets of a few microseconds) the allowance
// is about 2.5 ms: every step of 5 ms or more is caught with margin and a 500 ppm slew
// (0.5 ms per sample) is never counted. A paused process (SIGSTOP, a long GC) sees
// both clocks advance together, so its (wall - mono) does not change and nothing counts.
import { DriftWindow } from './drift';
import type { Bracket, SampleOutcome } from './types';

/** The fastest slew an OS time service applies (Linux kernel PLL/FLL and W32Time). */
export const MAX_SLEW_RATIO = 500e-6;

export interface SamplerSettings {
  readonly stepThresholdSeconds: number;
  readonly driftWindowSeconds: number;
}

interface Reading {
  readonly monoNs: bigint;
  readonly offsetNs: bigint;
  readonly widthNs: number;
}

/** Keeps the narrowest bracket; its midpoint is the best estimate of when wall was read. */
export function narrowest(brackets: readonly Bracket[]): Reading | undefined {
  let best: Reading | undefined;
  for (const b of brackets) {
    const width = b.monoAfterNs - b.monoBeforeNs;
    if (width < 0n) continue;
    if (best && Number(width) >= best.widthNs) continue;
    const mid = b.monoBeforeNs + width / 2n;
    best = { monoNs: mid, offsetNs: b.wallNs - mid, widthNs: Number(width) };
  }
  return best;
}

export class ClockSampler {
  private readonly drift: DriftWindow;
  private origin: Reading | undefined;
  private previous: Reading | undefined;
  private driftRatio: number | undefined;

  constructor(private readonly settings: SamplerSettings) {
    this.drift = new DriftWindow(settings.driftWindowSeconds);
  }

  /** Feeds one sample (K brackets); returns undefined when no bracket was usable. */
  observe(brackets: readonly Bracket[]): SampleOutcome | undefined {
    const reading = narrowest(brackets);
    if (!reading) return undefined;
    this.origin ??= reading;
    const t = Number(reading.monoNs - this.origin.monoNs) / 1e9;
    const offsetNs = Number(reading.offsetNs - this.origin.offsetNs);
    const step = this.detectStep(reading, t);
    if (step) this.drift.absorbStep(step.seconds * 1e9);
    this.drift.add(t, offsetNs);
    this.driftRatio = this.drift.estimate() ?? this.driftRatio;
    this.previous = reading;
    return {
      uncertaintySeconds: reading.widthNs / 1e9,
      step,
      driftRatio: this.driftRatio,
      offsetChangeSeconds: offsetNs / 1e9,
    };
  }

  /** The allowance a change must exceed to count as a step after dt seconds. */
  allowanceSeconds(dtSeconds: number, widthsNs: number): number {
    return this.settings.stepThresholdSeconds + MAX_SLEW_RATIO * dtSeconds + widthsNs / 2 / 1e9;
  }

  private detectStep(reading: Reading, t: number): SampleOutcome['step'] {
    const prev = this.previous;
    if (!prev) return undefined;
    const dt = Number(reading.monoNs - prev.monoNs) / 1e9;
    const deltaSeconds = Number(reading.offsetNs - prev.offsetNs) / 1e9;
    // Remove the drift we already know about, so a long pause on a drifting clock
    // is not mistaken for a step.
    const expected = (this.driftRatio ?? 0) * dt;
    const allowance = this.allowanceSeconds(dt, prev.widthNs + reading.widthNs);
    if (Math.abs(deltaSeconds - expected) <= allowance) return undefined;
    return { seconds: deltaSeconds - expected, atMonoSeconds: t };
  }
}
