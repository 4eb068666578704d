import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { createRegistries, startRunner } from '../../src/serve';

test('process_* and nodejs_* metrics are one set of objects shared by both registries', async () => {
  const storage = mkdtempSync(join(tmpdir(), 'hostwatch-default-metrics-'));
  const { config } = loadConfig(['--no-collector.clock', `--storage.path=${storage}`], 'linux');
  const registries = createRegistries();
  const runner = startRunner(config, 'linux', createLogger('error', 'json'), registries);
  try {
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_gc_duration_seconds',
      'process_cpu_seconds_total',
    ]) {
      const plain = registries.prometheus.getSingleMetric(name);
      assert.ok(plain, `${name} is registered`);
      assert.equal(registries.openmetrics.getSingleMetric(name), plain, `${name} is the same object in both`);
    }
    const om = await registries.openmetrics.metrics();
    assert.match(om, /^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    assert.match(om, /^# EOF$/m);
  } finally {
    await runner.stop();
    rmSync(storage, { recursive: true, force: true });
  }
});
