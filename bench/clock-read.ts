// The exporter's clock read, timed: the real Linux backend (koffi -> clock_gettime) and
// the collector's own readBrackets() + narrowest(), as one sample of the clock sampler
// runs them. bench/clock-floor.c measures the same bracket natively; bench/run.sh
// runs both in one go.
//
// Usage: node dist/bench/clock-read.js [samples] [brackets] [paced-samples]
// "tight": samples back to back (a warm JIT); "paced": one sample per millisecond,
// closer to the service's one sample per second. Prints one JSON object (ns).
import { readBrackets } from '../src/collectors/clock/brackets';
import { linuxClockBackend } from '../src/collectors/clock/linux';
import { narrowest } from '../src/collectors/clock/sampler';
import type { ClockBackend } from '../src/collectors/clock/types';
import { percentile, sortedCopy } from './stats';

interface Widths {
  readonly all: number[];
  readonly best: number[];
}

function sampleOnce(backend: ClockBackend, k: number, into: Widths): void {
  const brackets = readBrackets(backend, k);
  for (const b of brackets) into.all.push(Number(b.monoAfterNs - b.monoBeforeNs));
  const reading = narrowest(brackets);
  if (reading) into.best.push(reading.widthNs);
}

function summary(w: Widths) {
  const all = sortedCopy(w.all);
  const best = sortedCopy(w.best);
  return {
    samples: w.best.length,
    bracket_median_ns: percentile(all, 50),
    bracket_p99_ns: percentile(all, 99),
    best_median_ns: percentile(best, 50),
    best_p99_ns: percentile(best, 99),
  };
}

async function main(): Promise<void> {
  const [samples = 200_000, k = 5, paced = 1000] = process.argv.slice(2).map(Number);
  const backend = linuxClockBackend();
  const warm: Widths = { all: [], best: [] };
  for (let i = 0; i < 20_000; i++) sampleOnce(backend, k, warm);

  const tight: Widths = { all: [], best: [] };
  const started = process.hrtime.bigint();
  for (let i = 0; i < samples; i++) sampleOnce(backend, k, tight);
  const sampleCostNs = Number(process.hrtime.bigint() - started) / samples;

  const spaced: Widths = { all: [], best: [] };
  for (let i = 0; i < paced; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    sampleOnce(backend, k, spaced);
  }
  const result = {
    brackets: k,
    tight: { ...summary(tight), sample_cost_ns: Math.round(sampleCostNs) },
    paced: summary(spaced),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
