// Runs the public tools and helper programs a bench needs, and describes the machine.
import { execFileSync, spawn } from 'node:child_process';
import { cpus, release } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN, ROOT } from './procs';

export interface Machine {
  readonly date: string;
  readonly nproc: number;
  readonly cpuModel: string;
  readonly kernel: string;
  readonly node: string;
  readonly clocksource: string;
  readonly loadAverage: string;
  readonly nodeOptions: string | undefined;
}

export function describeMachine(): Machine {
  const lscpu = execFileSync('lscpu', { encoding: 'utf8' });
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpuModel: /^Model name:\s+(.+)$/m.exec(lscpu)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    kernel: release(),
    node: process.version,
    clocksource: readFileSync(
      '/sys/devices/system/clocksource/clocksource0/current_clocksource',
      'utf8',
    ).trim(),
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    nodeOptions: process.env.NODE_OPTIONS || undefined,
  };
}

/** Runs a command to completion and returns its stdout; stderr passes through. */
export function capture(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    );
  });
}

export interface ClockFigures {
  readonly samples: number;
  readonly bracket_median_ns: number;
  readonly bracket_p99_ns: number;
  readonly best_median_ns: number;
  readonly best_p99_ns: number;
}

export interface ClockRun {
  readonly brackets: number;
  readonly native: ClockFigures;
  readonly exporterTight: ClockFigures & { readonly sample_cost_ns: number };
  readonly exporterPaced: ClockFigures;
}

/** bench/clock-floor (C, built by run.sh) and dist/bench/clock-read.js, back to back. */
export async function measureClock(floorBinary: string, samples: number, k: number): Promise<ClockRun> {
  const native = JSON.parse(await capture(floorBinary, [String(samples), String(k)])) as ClockFigures;
  const script = join(ROOT, 'dist', 'bench', 'clock-read.js');
  const exporter = JSON.parse(await capture(process.execPath, [script, String(samples), String(k)])) as {
    tight: ClockRun['exporterTight'];
    paced: ClockFigures;
  };
  return { brackets: k, native, exporterTight: exporter.tight, exporterPaced: exporter.paced };
}

export interface StartupRun {
  readonly command: string;
  readonly meanMs: number;
  readonly stddevMs: number;
  readonly medianMs: number;
  readonly runs: number;
}

/** hyperfine on `node dist/src/main.js --config.check`: load, parse, validate, exit. */
export async function measureStartup(runs: number, outDir: string): Promise<StartupRun> {
  const command = `${process.execPath} ${MAIN} --config.check`;
  const exported = join(outDir, 'hyperfine.json');
  await capture('hyperfine', [
    '--warmup=3',
    `--runs=${runs}`,
    '--style=none',
    `--export-json=${exported}`,
    command,
  ]);
  const json = readFileSync(exported, 'utf8');
  const result = (JSON.parse(json) as { results: { mean: number; stddev: number; median: number }[] })
    .results[0];
  if (!result) throw new Error('hyperfine gave no result');
  return {
    command: 'node dist/src/main.js --config.check',
    meanMs: result.mean * 1000,
    stddevMs: result.stddev * 1000,
    medianMs: result.median * 1000,
    runs,
  };
}
