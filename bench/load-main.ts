// `bench/load.sh`: the exporter under wrk with 50 and then 200 connections for a minute
// each, the samplers and probes at LOAD_PACE; prints a Markdown table for
// docs/benchmarks.md (section "Load with the samplers running") and the JSON.
import { describeMachine } from './tools';
import { loadRun, LOAD_PACE, type LoadRun } from './load';
import { startHostwatch, stop } from './procs';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function table(runs: readonly LoadRun[]): string {
  const rows = runs.map((r) =>
    [
      r.connections,
      r.requestsPerSecond.toFixed(0),
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.errors,
      pct(r.pace.clock),
      pct(r.pace.listen),
      pct(r.pace.sleep),
      r.rssBeforeMB.toFixed(1),
      r.rssAfterMB.toFixed(1),
    ].join(' | '),
  );
  return [
    '| connections | requests/s | p50 ms | p99 ms | errors | clock samples of pace | listen probes of pace | sleep rounds of pace | RSS before MB | RSS after MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 60);
  const target = await startHostwatch([...LOAD_PACE.args]);
  try {
    // Warm-up: the first probes, the first worker, the young generation sized.
    await loadRun(target.url, target.pid, 10, 10);
    const runs: LoadRun[] = [];
    for (const connections of [50, 200]) {
      runs.push(await loadRun(target.url, target.pid, connections, seconds));
      process.stderr.write(`  c${connections}: done\n`);
    }
    const started = new Date().toISOString();
    process.stdout.write(`${JSON.stringify({ started, machine: describeMachine(), runs }, null, 2)}\n\n`);
    process.stdout.write(`${table(runs)}\n`);
  } finally {
    await stop(target);
  }
}

void main();
