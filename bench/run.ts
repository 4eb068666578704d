// The benchmark driver behind bench/run.sh. Runs the selected phases (default: all),
// writes results.json and report.md into the output directory, and stops everything it
// started on every exit path.
//
// Usage: node dist/bench/run.js <out-dir> <clock-floor-binary> [phase...] (PHASES below)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureFloor } from './floor';
import { measureIdle } from './idle';
import { measureMemory } from './memory';
import { startHostwatch, startNodeExporter, startVariant, stop, stopAll, type Target } from './procs';
import { renderReport, type Results } from './report';
import { measureScrapes, type Profile } from './scrape';
import { describeMachine, measureClock, measureStartup } from './tools';
import type { Variant } from './variant-names';

const PHASES = ['clock', 'scrape', 'levers', 'pace', 'memory', 'floor', 'idle', 'startup'] as const;
type Phase = (typeof PHASES)[number];

/** Knobs, overridable from the environment for a quick look (defaults = the documented run). */
const settings = {
  clockSamples: envNumber('BENCH_CLOCK_SAMPLES', 200_000),
  brackets: 5,
  scrape: {
    connections: 10,
    threads: 2,
    seconds: envNumber('BENCH_SCRAPE_SECONDS', 15),
    rounds: envNumber('BENCH_SCRAPE_ROUNDS', 3),
    profiles: ['prometheus', 'plain'] as Profile[],
  },
  levers: {
    connections: 10,
    threads: 2,
    seconds: envNumber('BENCH_LEVER_SECONDS', 10),
    rounds: 2,
    profiles: ['prometheus'] as Profile[],
  },
  /** One connection, scrapes back to back: each is a whole update where nothing is shared. */
  pace: {
    connections: 1,
    threads: 1,
    seconds: envNumber('BENCH_LEVER_SECONDS', 10),
    rounds: 2,
    profiles: ['prometheus'] as Profile[],
  },
  memory: {
    total: envNumber('BENCH_MEMORY_SCRAPES', 50_000),
    every: envNumber('BENCH_MEMORY_EVERY', 10_000),
    connections: 10,
    /**
     * Idle is the steady state a fleet sees, not the first seconds: V8's memory reducer
     * shrinks the main and the probe thread's heaps within about 20 s of start.
     */
    idleSettleSeconds: 30,
    settleSeconds: 15,
    profile: 'prometheus' as Profile,
  },
  floor: { settleSeconds: 15, samples: 5 },
  idleSettleSeconds: 10,
  idleSeconds: envNumber('BENCH_IDLE_SECONDS', 60),
  startupRuns: 20,
};

/** Which variants each phase sets beside the shipped exporter (bench/variant-names.ts). */
const LEVER_VARIANTS: Variant[] = ['full', 'legacy', 'via-express', 'no-cache', 'no-cache-no-default'];
const PACE_VARIANTS: Variant[] = ['no-cache', 'legacy'];
const MEMORY_VARIANTS: Variant[] = ['legacy', 'via-express', 'isolate-per-probe', 'young-gen-default'];

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

/** Starts the targets, runs `body`, and stops them whatever happens. */
async function withTargets<T>(
  starts: (() => Promise<Target>)[],
  body: (t: Target[]) => Promise<T>,
): Promise<T> {
  const targets: Target[] = [];
  try {
    for (const start of starts) targets.push(await start());
    return await body(targets);
  } finally {
    await Promise.all(targets.map(stop));
  }
}

const variants = (names: Variant[]) => names.map((name) => () => startVariant(name));

async function runPhase(phase: Phase, results: Results, floorBinary: string, outDir: string): Promise<void> {
  process.stderr.write(`== ${phase}\n`);
  const hostwatch = () => startHostwatch();
  if (phase === 'clock')
    results.clock = await measureClock(floorBinary, settings.clockSamples, settings.brackets);
  if (phase === 'scrape') {
    results.scrape = await withTargets([hostwatch, startNodeExporter], (t) =>
      measureScrapes(t, settings.scrape),
    );
  }
  if (phase === 'levers') {
    results.levers = await withTargets(variants(LEVER_VARIANTS), (t) => measureScrapes(t, settings.levers));
  }
  if (phase === 'pace') {
    const starts = [...variants(PACE_VARIANTS), startNodeExporter];
    results.pace = await withTargets(starts, (t) => measureScrapes(t, settings.pace));
  }
  if (phase === 'memory') {
    const starts = [hostwatch, ...variants(MEMORY_VARIANTS), startNodeExporter];
    results.memory = await withTargets(starts, (t) => measureMemory(t, settings.memory));
  }
  if (phase === 'floor')
    results.floor = await measureFloor(settings.floor.settleSeconds, settings.floor.samples);
  if (phase === 'idle') {
    results.idle = await withTargets([hostwatch, ...variants(['legacy'])], (t) =>
      measureIdle(t, settings.idleSettleSeconds, settings.idleSeconds),
    );
  }
  if (phase === 'startup') results.startup = await measureStartup(settings.startupRuns, outDir);
}

async function main(argv: string[]): Promise<void> {
  const [outDir, floorBinary, ...asked] = argv;
  if (!outDir || !floorBinary) throw new Error('usage: run.js <out-dir> <clock-floor-binary> [phases...]');
  const unknown = asked.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown phase ${unknown.join(', ')}; accepted: ${PHASES.join(', ')}`);
  const phases = asked.length > 0 ? (asked as Phase[]) : [...PHASES];
  const results: Results = { machine: describeMachine(), settings, phases };
  mkdirSync(outDir, { recursive: true });
  for (const phase of phases) await runPhase(phase, results, floorBinary, outDir);
  results.loadAverageAtEnd = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const report = renderReport(results);
  writeFileSync(join(outDir, 'report.md'), report);
  process.stdout.write(report);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    stopAll();
    process.exit(130);
  });
}
process.once('exit', stopAll);

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  stopAll();
  process.exit(1);
});
