import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { observeGranularityNs } from '../../src/collectors/clock/granularity';

/** A synthetic clock that advances by `step` ns every `readsPerTick` reads; counts reads. */
function tickingClock(step: bigint, readsPerTick: number) {
  let reads = 0;
  return {
    read: () => BigInt(Math.floor(reads++ / readsPerTick)) * step,
    reads: () => reads,
  };
}

test('a fine clock reports its smallest step after 20 changes', () => {
  let reads = 0;
  const steps = [300n, 100n, 200n];
  let now = 0n;
  const read = () => (now += steps[reads++ % steps.length] ?? 0n);
  assert.equal(observeGranularityNs(read), 100);
});

test('a coarse clock stops after 3 ticks instead of spinning for 20', () => {
  const clock = tickingClock(4_000_000n, 5000);
  assert.equal(observeGranularityNs(clock.read), 4_000_000);
  // 1000 warm-up reads, then at most 4 ticks' worth of reads.
  assert.ok(clock.reads() <= 1001 + 4 * 5000, `read ${clock.reads()} times`);
});

test('a frozen clock gives no granularity and stops at the read bound', () => {
  const clock = tickingClock(1n, Number.MAX_SAFE_INTEGER);
  assert.equal(observeGranularityNs(clock.read, 20, 10_000), undefined);
  assert.equal(clock.reads(), 1001 + 10_000);
});
