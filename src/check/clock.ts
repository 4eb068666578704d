// check: the clock right now. Reads (monotonic, wall, monotonic) brackets for a few
// seconds with the clock collector's backend and sampler: the narrowest bracket, the
// drift between the first and last reading, any step in between, and the resolutions.
import { clockBackend, clockCollector } from '../collectors/clock';
import { readBrackets } from '../collectors/clock/brackets';
import { ClockSampler, MAX_SLEW_RATIO, narrowest } from '../collectors/clock/sampler';
import type { ClockBackend, ClockResolutions } from '../collectors/clock/types';
import { formatPpm, formatSeconds, type Finding } from './findings';
import { SEE } from './runbooks';
import { collectorSection } from './section';

const DRIFT_SECONDS = 3;
const READINGS = 7;
/** Beyond this bracket width wall time cannot be pinned to monotonic time usefully. */
const UNCERTAINTY_LIMIT_SECONDS = 1e-3;

export interface ClockMeasurement {
  readonly narrowestSeconds: number;
  readonly elapsedSeconds: number;
  /** d(wall - monotonic)/d(monotonic) between the first and last reading, steps included. */
  readonly driftRatio: number;
  readonly steps: readonly number[];
  readonly resolutions: ClockResolutions;
  readonly clocksource: string | undefined;
}

export const clockSection = collectorSection(clockCollector, 'clock', async (options, ctx) =>
  evaluateClock(await measureClock(clockBackend(ctx.platform), options.brackets, options.step_threshold)),
);

async function measureClock(
  backend: ClockBackend,
  brackets: number,
  stepThresholdSeconds: number,
): Promise<ClockMeasurement> {
  const sampler = new ClockSampler({ stepThresholdSeconds, driftWindowSeconds: 3600 });
  const readings = [];
  const steps: number[] = [];
  for (let i = 0; i < READINGS; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, (DRIFT_SECONDS * 1000) / (READINGS - 1)));
    const sample = readBrackets(backend, brackets);
    const outcome = sampler.observe(sample);
    if (outcome?.step) steps.push(outcome.step.seconds);
    const reading = narrowest(sample);
    if (reading) readings.push(reading);
  }
  const first = readings[0];
  const last = readings[readings.length - 1];
  if (!first || !last) throw new Error('no usable clock bracket (monotonic clock went backwards)');
  const elapsedSeconds = Number(last.monoNs - first.monoNs) / 1e9;
  return {
    narrowestSeconds: Math.min(...readings.map((r) => r.widthNs)) / 1e9,
    elapsedSeconds,
    driftRatio: Number(last.offsetNs - first.offsetNs) / 1e9 / elapsedSeconds,
    steps,
    resolutions: backend.reportedResolutions(),
    clocksource: backend.clocksource(),
  };
}

export function evaluateClock(m: ClockMeasurement): Finding[] {
  const findings: Finding[] = [];
  const width = `read uncertainty ${formatSeconds(m.narrowestSeconds)} (narrowest monotonic-wall-monotonic bracket)`;
  findings.push(
    m.narrowestSeconds > UNCERTAINTY_LIMIT_SECONDS
      ? {
          status: 'attention',
          text: `${width}: over ${formatSeconds(UNCERTAINTY_LIMIT_SECONDS)}, the host is starved`,
          see: SEE.clockUncertainty,
        }
      : { status: 'ok', text: width },
  );
  for (const step of m.steps) {
    findings.push({
      status: 'attention',
      text: `the wall clock stepped ${step > 0 ? 'forward' : 'backward'} by ${formatSeconds(Math.abs(step))} during the check`,
      see: step > 0 ? SEE.clockSteppedForward : SEE.clockSteppedBackward,
    });
  }
  const drift = `wall clock drift ${formatPpm(m.driftRatio)} against monotonic over ${formatSeconds(m.elapsedSeconds)}`;
  const driftTooHigh = Math.abs(m.driftRatio) > MAX_SLEW_RATIO && m.steps.length === 0;
  findings.push(
    driftTooHigh
      ? {
          status: 'attention',
          text: `${drift}: beyond the ±${MAX_SLEW_RATIO * 1e6} ppm any time service slews`,
          see: SEE.clockDrift,
        }
      : { status: 'ok', text: `${drift}${m.steps.length > 0 ? ' (steps included)' : ''}` },
  );
  const r = m.resolutions;
  const source = m.clocksource ? `; clocksource ${m.clocksource}` : '';
  findings.push({
    status: 'info',
    text: `resolution: wall ${formatSeconds(r.wall)}, wall coarse ${formatSeconds(r.wall_coarse)}, monotonic ${formatSeconds(r.monotonic)}${source}`,
  });
  return findings;
}
