// Idle cost: exporters at default settings, not scraped, side by side over one window. CPU
// is utime + stime from /proc/<pid>/stat, so it counts every thread (GC, libuv, koffi).
// The single scrape after the window reads the clock sampler's own record of its
// bracket widths while in service (one sample per second), to set beside clock-read.
import { cpuSeconds, rssMB, sleep, type Target } from './procs';

export interface IdleRun {
  readonly target: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** CPU as a percentage of one core over the window. */
  readonly percentOfCore: number;
  readonly rssMB: number;
  readonly inService: InServiceClock | undefined;
}

/** From hostwatch_clock_read_uncertainty_seconds: accepted best-of-K bracket widths. */
export interface InServiceClock {
  readonly samples: number;
  readonly atMost500ns: number;
  readonly atMost1us: number;
}

export async function measureIdle(
  targets: readonly Target[],
  settleSeconds: number,
  seconds: number,
): Promise<IdleRun[]> {
  await sleep(settleSeconds * 1000);
  const before = targets.map((t) => cpuSeconds(t.pid));
  const started = performance.now();
  await sleep(seconds * 1000);
  const used = targets.map((t, i) => cpuSeconds(t.pid) - (before[i] ?? NaN));
  const elapsed = (performance.now() - started) / 1000;
  const runs: IdleRun[] = [];
  for (const [i, t] of targets.entries()) {
    const rss = rssMB(t.pid);
    const text = await (await fetch(t.url)).text();
    const cpu = used[i] ?? NaN;
    const percentOfCore = (cpu / elapsed) * 100;
    runs.push({
      target: t.name,
      seconds: elapsed,
      cpuSeconds: cpu,
      percentOfCore,
      rssMB: rss,
      inService: inServiceClock(text),
    });
  }
  return runs;
}

export function inServiceClock(text: string): InServiceClock | undefined {
  const family = 'hostwatch_clock_read_uncertainty_seconds';
  const value = (series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const samples = value(`${family}_count`);
  const le500ns = value(`${family}_bucket{le="5e-7"}`);
  const le1us = value(`${family}_bucket{le="0.000001"}`) ?? value(`${family}_bucket{le="1e-6"}`);
  if (samples === undefined || le500ns === undefined || le1us === undefined) return undefined;
  return { samples, atMost500ns: le500ns, atMost1us: le1us };
}
