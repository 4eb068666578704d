// Load with the background work running: wrk against /metrics (Prometheus's headers)
// while the clock sampler, the listen probes and the sleep probe run at a fast, known
// pace; before and after each run, the counters those keep and the exporter's RSS.
// bench/load-main.ts prints the figures for docs/benchmarks.md; test/linux/soak.test.ts
// asserts them over five minutes (counts and memory, never durations).
import { sampleValue } from '../test/support/exporter';
import { parseWrk, runWrk, type WrkFigures } from './scrape';
import { rssMB } from './procs';

/** The pace the load runs use: each background task's expected count per second. */
export const LOAD_PACE = {
  args: [
    // Above wrk's 200 connections: the default (40) would answer the rest 503, by design.
    '--web.max-requests=1000',
    '--collector.clock.interval=100ms',
    '--collector.listen.interval=1s',
    '--collector.timer.probe-interval=1s',
    '--collector.timer.probe-samples=10',
  ],
  clockSamplesPerSecond: 10,
  /** Per listen target: the default loopback targets, one probe a second each (±10% jitter). */
  listenProbesPerSecond: 1,
  sleepRoundsPerSecond: 1,
  sleepsPerRound: 10,
} as const;

export interface Counters {
  /** performance.now() when the scrape was answered. */
  readonly atMs: number;
  readonly clockSamples: number;
  /** Per listen target, every result. */
  readonly listenProbes: ReadonlyMap<string, number>;
  readonly sleepRounds: number;
  readonly rssMB: number;
}

/** One scrape of the counters the background tasks keep, with the exporter's RSS. */
export async function readCounters(url: string, pid: number): Promise<Counters> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  const atMs = performance.now();
  const listenProbes = new Map<string, number>();
  for (const m of text.matchAll(/^hostwatch_listen_probes_total\{target="([^"]+)",result="\w+"\} (\S+)$/gm)) {
    listenProbes.set(m[1] ?? '', (listenProbes.get(m[1] ?? '') ?? 0) + Number(m[2]));
  }
  const sleeps = sampleValue(text, 'hostwatch_timer_sleep_overshoot_seconds_count') ?? NaN;
  return {
    atMs,
    clockSamples: sampleValue(text, 'hostwatch_clock_samples_total') ?? NaN,
    listenProbes,
    sleepRounds: sleeps / LOAD_PACE.sleepsPerRound,
    rssMB: rssMB(pid),
  };
}

/** Each background task's count between two readings, as a fraction of its pace. */
export interface PaceKept {
  readonly clock: number;
  /** The lowest over the listen targets. */
  readonly listen: number;
  readonly sleep: number;
}

export function paceKept(before: Counters, after: Counters): PaceKept {
  const seconds = (after.atMs - before.atMs) / 1000;
  const listen = [...after.listenProbes].map(
    ([target, n]) =>
      (n - (before.listenProbes.get(target) ?? 0)) / (seconds * LOAD_PACE.listenProbesPerSecond),
  );
  return {
    clock: (after.clockSamples - before.clockSamples) / (seconds * LOAD_PACE.clockSamplesPerSecond),
    listen: listen.length ? Math.min(...listen) : NaN,
    sleep: (after.sleepRounds - before.sleepRounds) / (seconds * LOAD_PACE.sleepRoundsPerSecond),
  };
}

export interface LoadRun extends WrkFigures {
  readonly connections: number;
  readonly seconds: number;
  readonly pace: PaceKept;
  readonly rssBeforeMB: number;
  readonly rssAfterMB: number;
}

/** wrk for `seconds` with `connections` against the exporter, counters read around it. */
export async function loadRun(
  url: string,
  pid: number,
  connections: number,
  seconds: number,
): Promise<LoadRun> {
  const before = await readCounters(url, pid);
  const wrk = parseWrk(await runWrk(url, { connections, threads: 2, seconds }, 'prometheus'));
  const after = await readCounters(url, pid);
  return {
    ...wrk,
    connections,
    seconds,
    pace: paceKept(before, after),
    rssBeforeMB: before.rssMB,
    rssAfterMB: after.rssMB,
  };
}
