// Renders results.json as the Markdown that goes into docs/benchmarks.md, with each
// target of issue 11 and whether this run met it.
import type { IdleRun } from './idle';
import type { FloorRow } from './floor';
import type { MemoryRun } from './memory';
import { f, SHIPPED, verdict } from './report-format';
import { scrapeTables } from './report-scrape';
import type { WrkRun } from './scrape';
import type { ClockRun, Machine, StartupRun } from './tools';

export interface Results {
  machine: Machine;
  settings: object;
  phases: string[];
  clock?: ClockRun;
  scrape?: WrkRun[];
  levers?: WrkRun[];
  pace?: WrkRun[];
  memory?: MemoryRun[];
  floor?: FloorRow[];
  idle?: IdleRun[];
  startup?: StartupRun;
  loadAverageAtEnd?: string;
}

/** RSS may wobble by a GC's worth between checkpoints; more than this counts as growth. */
export const GROWTH_TOLERANCE_MB = 2;
/** Issue 11's memory targets, in MB (10^6 bytes): idle, and after the memory phase's scrapes. */
export const IDLE_TARGET_MB = 60;
export const LOADED_TARGET_MB = 80;

function machine(m: Machine, loadAtEnd: string | undefined): string {
  return [
    `Run ${m.date} on ${m.nproc} CPUs (${m.cpuModel}), Linux ${m.kernel}, Node.js ${m.node},`,
    `clocksource ${m.clocksource}; load average at start ${m.loadAverage}` +
      `${loadAtEnd ? `, at the end ${loadAtEnd}` : ''} (a shared machine).`,
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

function memory(runs: readonly MemoryRun[]): string {
  const split = (m: { rssMB: number; anonMB: number; fileMB: number }) =>
    `${f(m.rssMB)} (${f(m.anonMB)} + ${f(m.fileMB)})`;
  const shipped = runs.find((r) => r.target === SHIPPED);
  const lines = [
    'VmRSS in MB (10^6 bytes), as (anonymous + file-backed) where split; file-backed is mostly the',
    "node binary's code, shared with every Node.js process on the host.",
    '',
    `| target | idle | ${runs[0]?.checkpoints.map((c) => `after ${c.scrapes}`).join(' | ')} | settled | growth | failed |`,
    `| --- | ---: | ${runs[0]?.checkpoints.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
    ...runs.map(
      (r) =>
        `| ${r.target} | ${split(r.idle)} | ${r.checkpoints.map((c) => f(c.rssMB)).join(' | ')} | ` +
        `${split(r.settled)} | ${f(r.growthMB)} | ${r.failures} |`,
    ),
  ];
  if (shipped) {
    const last = shipped.checkpoints.at(-1)?.rssMB ?? NaN;
    lines.push(
      '',
      `Target RSS <= ${IDLE_TARGET_MB} MB idle: ${verdict(shipped.idle.rssMB <= IDLE_TARGET_MB)} (${f(shipped.idle.rssMB)} MB). ` +
        `Target RSS <= ${LOADED_TARGET_MB} MB after ${shipped.scrapes} scrapes: ${verdict(last <= LOADED_TARGET_MB)} (${f(last)} MB). ` +
        `No growth (<= ${GROWTH_TOLERANCE_MB} MB): ${verdict(shipped.growthMB <= GROWTH_TOLERANCE_MB)}.`,
    );
  }
  return lines.join('\n');
}

function floor(rows: readonly FloorRow[]): string {
  const bare = rows[0]?.memory.rssMB ?? NaN;
  return [
    'Started together, sampled 5 times 1 s apart after 15 s; medians. VmRSS in MB (10^6 bytes).',
    '',
    '| layer | VmRSS | anonymous | file-backed | above bare node |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(({ layer, memory: m }) => {
      return `| ${layer} | ${f(m.rssMB)} | ${f(m.anonMB)} | ${f(m.fileMB)} | ${f(m.rssMB - bare)} |`;
    }),
    '',
    floorVerdict(rows),
  ].join('\n');
}

/** What the 60 MB idle target leaves for the exporter's own code once the floor is paid. */
function floorVerdict(rows: readonly FloorRow[]): string {
  const floorRow = rows.find((r) => r.layer === 'node + stack + worker');
  if (!floorRow) return '';
  const left = IDLE_TARGET_MB - floorRow.memory.rssMB;
  const verdictText =
    left >= 0
      ? `the ${IDLE_TARGET_MB} MB idle target leaves ${f(left)} MB for the exporter's own code, configuration and collectors`
      : `${f(-left)} MB over the ${IDLE_TARGET_MB} MB idle target before any of the exporter's own code, configuration or collectors`;
  return `The runtime, the libraries loaded at start and the probe thread alone: ${f(floorRow.memory.rssMB)} MB, ${verdictText}.`;
}

function idle(runs: readonly IdleRun[], startup: StartupRun | undefined): string {
  const shipped = runs.find((r) => r.target === SHIPPED);
  const lines = [
    'Side by side over the same window, not scraped:',
    '',
    '| target | CPU s | seconds | % of one core | VmRSS MB |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r) =>
        `| ${r.target} | ${f(r.cpuSeconds, 2)} | ${f(r.seconds)} | ${f(r.percentOfCore, 2)} | ${f(r.rssMB)} |`,
    ),
  ];
  if (shipped) lines.push('', `Target <= 1% of one core: ${verdict(shipped.percentOfCore <= 1)}.`);
  const s = shipped?.inService;
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
  const out = ['## Machine', '', machine(r.machine, r.loadAverageAtEnd), ''];
  if (r.clock) out.push('## Clock read', '', clock(r.clock), '');
  out.push(...scrapeTables(r));
  if (r.memory) out.push('## Memory', '', memory(r.memory), '');
  if (r.floor) out.push('## Where the idle RSS goes', '', floor(r.floor), '');
  if (r.idle) out.push('## Idle CPU', '', idle(r.idle, r.startup), '');
  else if (r.startup) out.push('## Startup', '', `${f(r.startup.meanMs)} ms mean`, '');
  return `${out.join('\n')}`;
}
