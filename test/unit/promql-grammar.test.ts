// Every PromQL expression the project ships, in dashboards/*.json and in
// alerts/hostwatch.rules.yml, parsed with the Prometheus project's own grammar
// (@prometheus-io/lezer-promql); every metric it names is in the catalog (docs/metrics.md)
// or is a recording rule of the rules file, and every label it matches on exists there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRules } from '../../src/tools/alerts-doc';
import { catalogMetrics, committedDashboards, dashboardQueries, familyOf } from '../support/dashboards';
import {
  groupingLabels,
  inferUnit,
  PARSE_VALUES,
  selectors,
  substitute,
  syntaxErrors,
} from '../support/promql';

const catalog = catalogMetrics();
const rules = loadRules();
const records = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['instance', 'job'];

/** Fails naming the expression when it does not parse or reads an unknown metric or label. */
function checkExpression(where: string, expr: string): void {
  const errors = syntaxErrors(expr);
  assert.deepEqual(
    errors,
    [],
    `${where}: syntax error at ${errors[0]}: ${expr.slice(errors[0] ?? 0, (errors[0] ?? 0) + 30)}`,
  );
  for (const use of selectors(expr)) {
    if (records.has(use.metric) || use.metric === 'up') continue;
    const found = familyOf(catalog, use.metric);
    assert.ok(found, `${where}: ${use.metric} is neither in docs/metrics.md nor a recording rule`);
    for (const label of use.labels) {
      assert.ok(
        [...found.labels, ...TARGET_LABELS].includes(label),
        `${where}: ${use.metric} has no label ${label}`,
      );
    }
  }
}

test('the catalog has the metric tables the checks read', () => {
  assert.ok(catalog.length > 40, `${catalog.length} families in docs/metrics.md`);
  assert.deepEqual(familyOf(catalog, 'hostwatch_listen_duration_seconds_bucket')?.labels, [
    'target',
    'phase',
    'le',
  ]);
});

test('every dashboard query parses and names only catalog metrics and recording rules', () => {
  let count = 0;
  for (const { json } of committedDashboards()) {
    for (const q of dashboardQueries(json)) {
      checkExpression(q.key, substitute(q.expr, PARSE_VALUES));
      count++;
    }
  }
  assert.ok(count > 50, `${count} queries`);
});

test('every alert and recording rule parses and names only catalog metrics and recording rules', () => {
  for (const rule of rules) checkExpression(rule.alert ?? rule.record ?? '?', rule.expr);
});

test('the grammar catches what the checks rely on', () => {
  assert.notDeepEqual(syntaxErrors('sum by (instance (rate(x[5m]))'), []);
  assert.notDeepEqual(syntaxErrors('rate(x[$__rate_interval])'), [], 'variables must be substituted first');
  assert.deepEqual(syntaxErrors(substitute('rate(x{job=~"$job"}[$__rate_interval])', PARSE_VALUES)), []);
  assert.deepEqual(selectors('a{b="1", __name__="c"} / on (d) group_left () e'), [
    { metric: 'c', labels: ['b'] },
    { metric: 'e', labels: [] },
  ]);
  assert.deepEqual(groupingLabels('sum by (instance, job) (x) / on () group_left (code) y'), [
    'instance',
    'job',
    'code',
  ]);
  assert.throws(() => substitute('x{a="$nope"}', PARSE_VALUES), /unknown variable \$nope/);
});

test('units follow suffixes, recording rules and operations', () => {
  const cases: [string, string][] = [
    ['hostwatch_clock_drift_ratio * 1e6', 'ppm'],
    ['rate(hostwatch_listen_probes_total[1m])', 'per_second'],
    ['sum(rate(a_total{r="e"}[1m])) / sum(rate(a_total[1m]))', 'ratio'],
    ['histogram_quantile(0.99, sum by (le) (rate(x_seconds_bucket[1m])))', 'seconds'],
    ['rate(x_seconds_sum[1m]) / rate(x_seconds_count[1m])', 'seconds'],
    ['time() - x_timestamp_seconds', 'seconds'],
    ['x_seconds + y_ratio', 'mixed'],
    ['increase(x_total[1h]) > 0', 'count'],
    ['x_seconds > bool 1', 'count'],
    ['instance:hostwatch_timer_sleep_overshoot_seconds:p99_rate5m', 'seconds'],
    ['instance_target:hostwatch_listen_probe_errors:ratio_rate5m', 'ratio'],
    ['-x_seconds', 'seconds'],
    ['1 - (x_ratio / on () group_left () (1 - y_ratio))', 'ratio'],
  ];
  for (const [expr, unit] of cases) assert.equal(inferUnit(expr), unit, expr);
});
