// The clock collector's clocksource series: read at every scrape from the backend, so a
// kernel switch (an unstable TSC falling back to hpet) shows as a new label and the old
// one goes. The backend is a stand-in here; test/e2e/timesync.test.ts reads the real one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { ClockCollector } from '../../src/collectors/clock';
import type { ClockBackend } from '../../src/collectors/clock/types';
import { createLogger } from '../../src/log';

function backendNaming(sources: (string | undefined)[]): ClockBackend {
  let next = 0;
  return {
    monoNs: () => process.hrtime.bigint(),
    wallNs: () => BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n),
    wallCoarseNs: () => BigInt(Date.now()) * 1_000_000n,
    reportedResolutions: () => ({ wall: 1e-9, wall_coarse: 0.004, monotonic: 1e-9 }),
    monotonicFrequencyHz: 1e9,
    clocksource: () => sources[Math.min(next++, sources.length - 1)],
    bootId: () => undefined,
  };
}

test('hostwatch_clock_source_info follows the clocksource at each scrape', async () => {
  const registry = new Registry();
  const collector = new ClockCollector(
    { registers: [registry], logger: createLogger('error', 'json'), platform: 'linux' },
    { interval: 5, brackets: 3, step_threshold: 0.002, drift_window: 60 },
    backendNaming(['tsc', 'hpet', undefined]),
  );
  collector.start();
  try {
    const series = async () =>
      (await registry.metrics()).split('\n').filter((l) => l.startsWith('hostwatch_clock_source_info'));
    collector.update();
    assert.deepEqual(await series(), ['hostwatch_clock_source_info{source="tsc"} 1']);
    collector.update();
    assert.deepEqual(await series(), ['hostwatch_clock_source_info{source="hpet"} 1'], 'the old one goes');
    collector.update();
    assert.deepEqual(await series(), [], 'no clocksource named: no series, not a made-up one');
  } finally {
    collector.stop();
  }
});
