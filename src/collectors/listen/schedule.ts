// When each target's next probe runs. One probe runs at start (so /readyz does not wait
// for it); the periodic schedule then starts at a random phase of the interval, so hosts
// started together (a fleet rollout) do not probe in lockstep, and each later probe comes
// a random 90-110% of the interval after the previous one was due (runtime/pacer.ts: a
// busy event loop does not stretch the intervals). Timers, not node-cron:
// intervals such as 15s or 45s do not fit a cron expression. Pure.
import { scrapeBudgetSeconds } from '../../runtime/scrape-timeout';

const JITTER_FRACTION = 0.1;

/** Delay in seconds before the first scheduled probe; random is uniform in [0, 1). */
export function firstDelaySeconds(intervalSeconds: number, random: number): number {
  return random * intervalSeconds;
}

/** Delay in seconds between the start of one probe and the next. */
export function nextDelaySeconds(intervalSeconds: number, random: number): number {
  return intervalSeconds * (1 + JITTER_FRACTION * (2 * random - 1));
}

/** Deadline of an on-demand /probe run, in the blackbox_exporter way. */
export function probeDeadlineSeconds(
  scrapeTimeoutHeader: string | undefined,
  targetTimeoutSeconds: number,
  marginSeconds: number,
): number | Error {
  const budget = scrapeBudgetSeconds(scrapeTimeoutHeader, marginSeconds);
  if (budget instanceof Error) return budget;
  return Math.min(targetTimeoutSeconds, budget ?? targetTimeoutSeconds);
}
