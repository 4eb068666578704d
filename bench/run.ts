// The benchmark driver behind bench/run.sh. Runs the selected phases (default: all),
// writes results.json and report.md into the output directory, and stops everything it
// started on every exit path.
//
// Usage: node dist/bench/run.js <out-dir> <clock-floor-binary> [clock] [scrape] [memory] [idle] [startup]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureIdle } from './idle';
import { measureMemory } from './memory';
import { startHostwatch, startNodeExporter, startVariant, stop, stopAll, type Target } from './procs';
import { renderReport, type Results } from './report';
import { measureScrapes } from './scrape';
import { describeMachine, measureClock, measureStartup } from './tools';
import { VARIANTS } from './variant-server-names';

const PHASES = ['clock', 'scrape', 'levers', 'memory', 'idle', 'startup'] as const;
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
  },
  levers: { connections: 10, threads: 2, seconds: envNumber('BENCH_LEVER_SECONDS', 10), rounds: 2 },
  memoryScrapes: envNumber('BENCH_MEMORY_SCRAPES', 50_000),
  memoryEvery: envNumber('BENCH_MEMORY_EVERY', 10_000),
  idleSettleSeconds: 10,
  idleSeconds: envNumber('BENCH_IDLE_SECONDS', 60),
  startupRuns: 20,
};

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

/** Starts a target, runs `body`, and stops the target whatever happens. */
async function withTarget<T>(start: () => Promise<Target>, body: (t: Target) => Promise<T>): Promise<T> {
  const target = await start();
  try {
    return await body(target);
  } finally {
    await stop(target);
  }
}

async function runPhase(phase: Phase, results: Results, floorBinary: string, outDir: string): Promise<void> {
  process.stderr.write(`== ${phase}\n`);
  if (phase === 'clock')
    results.clock = await measureClock(floorBinary, settings.clockSamples, settings.brackets);
  if (phase === 'scrape') {
    results.scrape = await withTarget(startHostwatch, (hostwatch) =>
      withTarget(startNodeExporter, (nodeExporter) =>
        measureScrapes([hostwatch, nodeExporter], settings.scrape),
      ),
    );
  }
  if (phase === 'levers') results.levers = await measureLevers();
  if (phase === 'memory') {
    results.memory = await withTarget(startHostwatch, (t) =>
      measureMemory(t, settings.memoryScrapes, settings.memoryEvery),
    );
  }
  if (phase === 'idle') {
    results.idle = await withTarget(startHostwatch, (t) =>
      measureIdle(t, settings.idleSettleSeconds, settings.idleSeconds),
    );
  }
  if (phase === 'startup') results.startup = await measureStartup(settings.startupRuns, outDir);
}

/** Prices prom-client's default families: the same wrk load on each variant in turn. */
async function measureLevers(): Promise<Results['levers']> {
  const targets: Target[] = [];
  try {
    for (const variant of VARIANTS) targets.push(await startVariant(variant));
    return await measureScrapes(targets, settings.levers);
  } finally {
    await Promise.all(targets.map(stop));
  }
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
