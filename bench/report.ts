// Renders results.json as the Markdown that goes into docs/benchmarks.md, with each
// target and whether this run met it.
import type { IdleRun } from './idle';
import type { MemoryRun } from './memory';
import type { WrkRun } from './scrape';
import type { ClockRun, Machine, StartupRun } from './tools';

export interface Results {
  machine: Machine;
  settings: object;
  phases: string[];
  clock?: ClockRun;
  scrape?: WrkRun[];
  levers?: WrkRun[];
  memory?: MemoryRun;
  idle?: IdleRun;
  startup?: StartupRun;
}

/** RSS may wobble by a GC's worth between checkpoints; more than this counts as growth. */
export const GROWTH_TOLERANCE_MB = 2;

const verdict = (met: boolean): string => (met ? '**met**' : '**NOT met**');
const f = (n: number, digits = 1): string => n.toFixed(digits);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function machine(m: Machine): string {
  return [
    `Run ${m.date} on ${m.nproc} CPUs (${m.cpuModel}), Linux ${m.kernel}, Node.js ${m.node},`,
    `clocksource ${m.clocksource}; load average at start ${m.loadAverage} (a shared machine).`,
    ...(m.nodeOptions
      ? [`NODE_OPTIONS=${m.nodeOptions} (inherited by every Node.js process it started).`]
      : []),
  ].join('\n');
}

function clock(c: ClockRun): string {
  const ratio = c.exporterTight.best_median_ns / c.native.best_median_ns;
  const rows: [string, ClockRun['native']][] = [
    ['native C (clock-floor)', c.native],
    ['exporter, back to back', c.exporterTight],
    ['exporter, one sample per ms', c.exporterPaced],
  ];
  return [
    `K = ${c.brackets} brackets per sample, ${c.native.samples} samples; widths in ns.`,
    '',
    '| reader | bracket median | bracket p99 | best-of-K median | best-of-K p99 |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, r]) =>
        `| ${name} | ${r.bracket_median_ns} | ${r.bracket_p99_ns} | ${r.best_median_ns} | ${r.best_p99_ns} |`,
    ),
    '',
    `One exporter sample (K brackets + narrowest) costs ${f(c.exporterTight.sample_cost_ns / 1000, 2)} us.`,
    `Target best-of-K median <= 1 us: ${verdict(c.exporterTight.best_median_ns <= 1000)} ` +
      `(${c.exporterTight.best_median_ns} ns). Within 10x of native: ${verdict(ratio <= 10)} (${f(ratio)}x).`,
  ].join('\n');
}

function scrape(runs: readonly WrkRun[]): string {
  const of = (name: string) => runs.filter((r) => r.target === name);
  const hw = of('hostwatch-exporter');
  const ne = of('node_exporter');
  const rpsRatio = mean(hw.map((r) => r.requestsPerSecond)) / mean(ne.map((r) => r.requestsPerSecond));
  const hwP99 = mean(hw.map((r) => r.p99Ms));
  const neP99 = mean(ne.map((r) => r.p99Ms));
  return [
    '| target | round | requests/s | p50 ms | p99 ms | server CPU ms/request | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r) =>
        `| ${r.target} | ${r.round} | ${f(r.requestsPerSecond)} | ${f(r.p50Ms, 2)} | ${f(r.p99Ms, 2)} | ` +
        `${f(r.cpuMsPerRequest, 3)} | ${r.errors} |`,
    ),
    '',
    `Mean over rounds: hostwatch-exporter ${f(mean(hw.map((r) => r.requestsPerSecond)))} req/s, ` +
      `p99 ${f(hwP99, 2)} ms; node_exporter ${f(mean(ne.map((r) => r.requestsPerSecond)))} req/s, ` +
      `p99 ${f(neP99, 2)} ms.`,
    `Target >= 2x node_exporter's requests/s: ${verdict(rpsRatio >= 2)} (${f(rpsRatio, 2)}x). ` +
      `Target p99 no worse: ${verdict(hwP99 <= neP99)}.`,
  ].join('\n');
}

function levers(runs: readonly WrkRun[], scrapeRuns: readonly WrkRun[] | undefined): string {
  const names = [...new Set(runs.map((r) => r.target))];
  const ne = scrapeRuns?.filter((r) => r.target === 'node_exporter') ?? [];
  const neRps = ne.length > 0 ? mean(ne.map((r) => r.requestsPerSecond)) : NaN;
  return [
    '| variant | requests/s | p99 ms | server CPU ms/request | requests/s vs node_exporter |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...names.map((name) => {
      const of = runs.filter((r) => r.target === name);
      const rps = mean(of.map((r) => r.requestsPerSecond));
      const p99 = mean(of.map((r) => r.p99Ms));
      const cpu = mean(of.map((r) => r.cpuMsPerRequest));
      return `| ${name} | ${f(rps)} | ${f(p99, 2)} | ${f(cpu, 3)} | ${f(rps / neRps, 2)}x |`;
    }),
  ].join('\n');
}

function memory(m: MemoryRun): string {
  const last = m.checkpoints.at(-1)?.rssMB ?? NaN;
  return [
    '| scrapes | VmRSS MB |',
    '| ---: | ---: |',
    ...m.checkpoints.map((c) => `| ${c.scrapes} | ${f(c.rssMB)} |`),
    '',
    `${m.failures} of ${m.scrapes} scrapes failed. Growth from the first to the last checkpoint: ${f(m.growthMB)} MB.`,
    `VmRSS ${m.settled.afterSeconds} s after the last scrape: ${f(m.settled.rssMB)} MB.`,
    `Target RSS <= 80 MB after ${m.scrapes} scrapes: ${verdict(last <= 80)} (${f(last)} MB). ` +
      `Target no growth (<= ${GROWTH_TOLERANCE_MB} MB): ${verdict(m.growthMB <= GROWTH_TOLERANCE_MB)}.`,
  ].join('\n');
}

function idle(i: IdleRun, startup: StartupRun | undefined): string {
  const lines = [
    `${f(i.cpuSeconds, 2)} s of CPU over ${f(i.seconds)} s idle = ${f(i.percentOfCore, 2)}% of one core ` +
      `(VmRSS ${f(i.rssMB)} MB). Target <= 1%: ${verdict(i.percentOfCore <= 1)}.`,
  ];
  const s = i.inService;
  if (s) {
    lines.push(
      '',
      `In service, the clock sampler's own histogram (hostwatch_clock_read_uncertainty_seconds) ` +
        `holds ${s.samples} samples: ${s.atMost500ns} with a best-of-K bracket <= 500 ns, ` +
        `${s.atMost1us} <= 1 us.`,
    );
  }
  if (startup) {
    lines.push(
      '',
      `Startup (hyperfine, ${startup.runs} runs, \`${startup.command}\`): mean ${f(startup.meanMs)} ms ` +
        `+- ${f(startup.stddevMs)} ms, median ${f(startup.medianMs)} ms.`,
    );
  }
  return lines.join('\n');
}

export function renderReport(r: Results): string {
  const out = ['## Machine', '', machine(r.machine), ''];
  if (r.clock) out.push('## Clock read', '', clock(r.clock), '');
  if (r.scrape) out.push('## Scrape', '', scrape(r.scrape), '');
  if (r.levers) out.push('### What collectors and default metrics cost', '', levers(r.levers, r.scrape), '');
  if (r.memory) out.push('## Memory', '', memory(r.memory), '');
  if (r.idle) out.push('## Idle CPU', '', idle(r.idle, r.startup), '');
  else if (r.startup) out.push('## Startup', '', `${f(r.startup.meanMs)} ms mean`, '');
  return `${out.join('\n')}`;
}
