// Every metric, label and bucket the alert rules read exists in the catalog (the same
// declarations the collectors register), so a renamed metric or label breaks the build
// instead of silently muting an alert. No exceptions: every collector has landed.
// Expressions are read with Prometheus's own grammar (test/support/promql.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { COLLECTORS } from '../../src/collectors';
import { loadRules } from '../../src/tools/alerts-doc';
import { metricFamilies, type FamilyEntry } from '../../src/tools/catalog';
import { groupingLabels, selectors } from '../support/promql';

/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['instance', 'job'];

function family(
  catalog: FamilyEntry[],
  metric: string,
): { entry: FamilyEntry; labels: string[] } | undefined {
  for (const entry of catalog) {
    if (entry.name === metric) return { entry, labels: [...entry.labels] };
    if (entry.type === 'histogram' && metric === `${entry.name}_bucket`)
      return { entry, labels: [...entry.labels, 'le'] };
    if (entry.type === 'histogram' && [`${entry.name}_count`, `${entry.name}_sum`].includes(metric))
      return { entry, labels: [...entry.labels] };
  }
  return undefined;
}

const records = new Set(loadRules().flatMap((r) => (r.record ? [r.record] : [])));

test('every metric and label the rules read is in the catalog', () => {
  const catalog = metricFamilies();
  for (const rule of loadRules()) {
    const name = rule.alert ?? rule.record;
    const available = new Set(TARGET_LABELS);
    for (const use of selectors(rule.expr)) {
      if (records.has(use.metric) || use.metric === 'up') continue;
      const found = family(catalog, use.metric);
      assert.ok(found, `${name}: ${use.metric} is not in the catalog (renamed?)`);
      for (const label of use.labels) {
        assert.ok(found.labels.includes(label), `${name}: ${use.metric} has no label ${label}`);
      }
      found.labels.forEach((l) => available.add(l));
    }
    for (const label of groupingLabels(rule.expr)) {
      const fromRecords = [...records].some((r) => rule.expr.includes(r));
      assert.ok(available.has(label) || fromRecords, `${name}: groups by ${label}, which no series has`);
    }
  }
});

test('every metric an annotation names or queries is in the catalog', () => {
  const catalog = metricFamilies();
  for (const rule of loadRules()) {
    const text = Object.values(rule.annotations ?? {}).join(' ');
    // Whole names only: slo:hostwatch_..._objective:ratio is a record, not a metric.
    for (const [metric] of text.matchAll(/(?<![:\w])hostwatch_[a-z0-9_]+(?![:\w])/g)) {
      assert.ok(family(catalog, metric), `${rule.alert}: annotation names ${metric}, not in the catalog`);
    }
  }
});

test('the extractor finds metric names and matched labels, not functions or label values', () => {
  assert.deepEqual(
    selectors('sum by (instance) (increase(hostwatch_clock_steps_total{source=~"sampler|kernel"}[5m])) > 0'),
    [{ metric: 'hostwatch_clock_steps_total', labels: ['source'] }],
  );
  assert.deepEqual(groupingLabels('a / on () group_left () b or sum by (instance, job) (c)'), [
    'instance',
    'job',
  ]);
});

/** Upper bounds of a histogram as a collector declares it; fails when no collector does. */
function bucketsOf(name: string): number[] {
  for (const c of COLLECTORS) {
    const registry = new Registry();
    c.metrics([registry]);
    const metric = registry.getSingleMetric(name) as unknown as { upperBounds?: number[] } | undefined;
    if (metric?.upperBounds) return metric.upperBounds;
  }
  assert.fail(`no collector declares a histogram named ${name}`);
}

test('every le a rule selects is a bucket bound of that histogram', () => {
  for (const rule of loadRules()) {
    for (const m of rule.expr.matchAll(/(hostwatch_\w+)_bucket\{[^}]*le="([^"]+)"/g)) {
      const bounds = bucketsOf(m[1] ?? '');
      assert.ok(
        bounds.includes(Number(m[2])),
        `${m[1]} has no bucket le="${m[2]}" (needed by ${rule.record})`,
      );
    }
  }
});

test('the sleep-lateness histogram has buckets above the 50 ms bound the alert compares p99 with', () => {
  const bounds = bucketsOf('hostwatch_timer_sleep_overshoot_seconds');
  assert.ok(bounds.includes(0.05) && bounds.some((b) => b > 0.05), `buckets: ${bounds.join(', ')}`);
});
