// The catalog checked against the live registry of the real exporter on this host.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { metricFamilies } from '../../src/tools/catalog';
import { startExporter, type RunningExporter } from '../support/exporter';

let exporter: RunningExporter;
before(async () => {
  exporter = await startExporter();
});
after(async () => {
  await exporter.stop();
});

test('every hostwatch_ family in a live scrape is in docs/metrics.md with the same type', async () => {
  const text = await exporter.scrape();
  const catalog = new Map(metricFamilies().map((f) => [f.name, f]));
  const live = [...text.matchAll(/^# TYPE (hostwatch_\w+) (\w+)$/gm)];
  assert.ok(live.length > 5, 'the scrape has hostwatch_ families');
  for (const [, name, type] of live) {
    assert.equal(
      catalog.get(name ?? '')?.type,
      type,
      `${name} (${type}) is missing from or differs in the catalog`,
    );
  }
});
