// Probe overhead against the native floor, in one run: rounds that alternate the C loop
// (bench/listen-floor.c) with the exporter's probe, measured two ways: runProbe() through
// koffi on this thread (the probe's own "total"), and ProbeSlot.run() as the collector
// calls it (worker thread, postMessage round trip). Prints JSON with the medians.
import { spawnSync } from 'node:child_process';
import { linuxSocketApi } from '../src/collectors/listen/linux';
import { runProbe } from '../src/collectors/listen/probe';
import { ProbeSlot } from '../src/collectors/listen/slot';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const spec = { address: '127.0.0.1', port: 0, expect: 'free' } as const;

async function main(floorBinary: string, rounds: number, perRound: number): Promise<void> {
  const api = linuxSocketApi();
  const slot = new ProbeSlot(spec, () => undefined);
  const native: number[] = [];
  const inThread: number[] = [];
  const viaWorker: number[] = [];
  const insideWorker: number[] = [];
  for (let i = 0; i < 50; i++) runProbe(api, spec); // warm-up: JIT and koffi call paths
  for (let i = 0; i < 50; i++) await slot.run(5, 'bench');
  for (let round = 0; round < rounds; round++) {
    const floor = spawnSync(floorBinary, [String(perRound)], { encoding: 'utf8' });
    if (floor.status !== 0) throw new Error(`listen-floor failed: ${floor.stderr}`);
    native.push(
      ...floor.stdout
        .trim()
        .split('\n')
        .map((ns) => Number(ns) / 1e3),
    );
    for (let i = 0; i < perRound; i++) {
      const result = runProbe(api, spec);
      if (result.failure) throw new Error(`probe failed: ${result.failure.code}`);
      inThread.push((result.durations.total ?? NaN) * 1e6);
    }
    for (let i = 0; i < perRound; i++) {
      const start = performance.now();
      const outcome = await slot.run(5, 'bench');
      if (outcome.kind !== 'done' || outcome.result.failure) throw new Error('worker probe failed');
      viaWorker.push((performance.now() - start) * 1e3);
      insideWorker.push((outcome.result.durations.total ?? NaN) * 1e6);
    }
  }
  await slot.stop();
  const floorUs = median(native);
  const report = {
    probes_each: native.length,
    median_us: {
      native: floorUs,
      koffi_in_thread: median(inThread),
      koffi_inside_worker: median(insideWorker),
      collector_via_worker: median(viaWorker),
    },
    ratio_of_medians: {
      koffi_in_thread: median(inThread) / floorUs,
      koffi_inside_worker: median(insideWorker) / floorUs,
      collector_via_worker: median(viaWorker) / floorUs,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

void main(
  process.argv[2] ?? 'bench/.build/listen-floor',
  Number(process.argv[3] ?? 10),
  Number(process.argv[4] ?? 200),
);
