// check: timer resolution now and how late a round of 1 ms OS sleeps wakes up, with the
// timer collector's backend and its sleep probe (on its own worker thread).
import { timerBackend, timerCollector } from '../collectors/timer';
import { latenessSummary, SleepProbe } from '../collectors/timer/probe';
import type { TimerReading } from '../collectors/timer/types';
import { formatSeconds, type Finding } from './findings';
import { SEE } from './runbooks';
import { collectorSection } from './section';

/** Sleeps in the check's probe round: enough for a p99 to mean the worst of them. */
const CHECK_SLEEPS = 50;
/**
 * A 1 ms sleep wakes on the next timer tick: up to 15.625 ms late on a default Windows
 * timer, well under 1 ms on Linux. p99 lateness beyond 50 ms (three default Windows
 * ticks) is more than any timer setting explains: threads ready to run wait for a CPU.
 * The same bound as the HostwatchSleepLatenessHigh alert.
 */
export const LATENESS_LIMIT_SECONDS = 0.05;
/** A timer slack beyond this delays every sleep of the process by as much. */
const SLACK_LIMIT_SECONDS = 0.001;
/** Linux: hrtimer resolution coarser than this means high-resolution timers are off. */
const HRTIMER_LIMIT_SECONDS = 1e-6;

export const timerSection = collectorSection(
  timerCollector,
  'timers and sleep lateness',
  async (options, ctx) => {
    const reading = timerBackend(ctx.platform).read();
    const probe = new SleepProbe(ctx.platform);
    try {
      const reply = await probe.round(Math.max(CHECK_SLEEPS, options.probe_samples));
      return [...evaluateResolution(reading, ctx.platform === 'windows'), evaluateLateness(reply.lateness)];
    } finally {
      await probe.stop();
    }
  },
);

export function evaluateResolution(r: TimerReading, windows: boolean): Finding[] {
  const s = (v: number | undefined) => (v === undefined ? 'unknown' : formatSeconds(v));
  if (windows) {
    const raised = r.current !== undefined && r.coarsest !== undefined && r.current < r.coarsest;
    return [
      {
        status: 'info',
        text: `timer resolution ${s(r.current)} (finest ${s(r.finest)}, default ${s(r.coarsest)})${raised ? ': a process has raised it' : ''}; system time advances every ${s(r.coarseClock)}`,
      },
    ];
  }
  const findings: Finding[] = [];
  const res = `hrtimer resolution ${s(r.current)}, tick ${s(r.coarseClock)}`;
  findings.push(
    r.current !== undefined && r.current > HRTIMER_LIMIT_SECONDS
      ? {
          status: 'attention',
          text: `${res}: high-resolution timers are off, every sleep rounds up to a tick`,
          see: SEE.timerCoarse,
        }
      : { status: 'ok', text: res },
  );
  if (r.slack !== undefined) {
    const slack = `timer slack ${s(r.slack)}`;
    findings.push(
      r.slack > SLACK_LIMIT_SECONDS
        ? {
            status: 'attention',
            text: `${slack}: the kernel may fire every timer of this process that much late`,
            see: SEE.timerSlack,
          }
        : { status: 'ok', text: slack },
    );
  }
  return findings;
}

export function evaluateLateness(lateness: readonly number[]): Finding {
  if (lateness.length === 0)
    return {
      status: 'attention',
      text: 'no OS sleep of the probe succeeded',
      see: SEE.sleepLateness,
    };
  const sum = latenessSummary(lateness.map((l) => Math.max(0, l)));
  const text = `1 ms sleep lateness over ${sum.samples} sleeps: median ${formatSeconds(sum.median ?? 0)}, p99 ${formatSeconds(sum.p99 ?? 0)}, max ${formatSeconds(sum.max ?? 0)}`;
  return (sum.p99 ?? 0) > LATENESS_LIMIT_SECONDS
    ? {
        status: 'attention',
        text: `${text}: over ${formatSeconds(LATENESS_LIMIT_SECONDS)}`,
        see: SEE.sleepLateness,
      }
    : { status: 'ok', text };
}
