// dashboards/*.json are generated from dashboards/src and committed: they must be what the
// source generates, import into Grafana 10+ (datasource, job and instance variables, stable
// uids) and explain every panel: a unit that matches what the query returns, and a
// description naming the Windows and Linux sources and the related alerts' runbooks.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DASHBOARDS, SCHEMA_VERSION } from '../../dashboards/src';
import { generatedFiles } from '../../dashboards/src/generate';
import { loadRules } from '../../src/tools/alerts-doc';
import { ROOT } from '../../src/tools/catalog';
import { committedDashboards, dashboardQueries } from '../support/dashboards';
import { bucketUnit, inferUnit, PARSE_VALUES, substitute, type Unit } from '../support/promql';

const committed = committedDashboards();

test('the committed dashboards and docs/dashboards.md are what dashboards/src generates', () => {
  assert.deepEqual(committed.map((c) => c.file).sort(), DASHBOARDS.map((d) => d.file).sort());
  for (const [file, content] of generatedFiles()) {
    const onDisk = readFileSync(join(ROOT, file), 'utf8');
    assert.ok(onDisk === content, `${file} is stale: run npm run dashboards`);
  }
});

test('every dashboard has the datasource, multi-select job and instance variables and a stable uid', () => {
  const uids = committed.map((c) => c.json.uid);
  assert.deepEqual(uids.sort(), [
    'hostwatch-clock',
    'hostwatch-fleet',
    'hostwatch-listen',
    'hostwatch-runtime',
  ]);
  for (const { file, json } of committed) {
    assert.equal(json.schemaVersion, SCHEMA_VERSION, file);
    const vars = new Map(json.templating.list.map((v) => [v.name, v]));
    assert.equal(vars.get('datasource')?.type, 'datasource', file);
    for (const name of ['job', 'instance']) {
      const v = vars.get(name);
      assert.ok(v?.type === 'query' && v.multi === true && v.includeAll === true, `${file}: $${name}`);
    }
  }
});

const rules = loadRules();
const alerts = new Set(rules.flatMap((r) => (r.alert ? [r.alert] : [])));

test('every panel has a unit and a description with its Windows and Linux sources and its runbooks', () => {
  for (const { file, json } of committed) {
    for (const panel of json.panels.filter((p) => p.type !== 'row')) {
      const where = `${file}: ${panel.title}`;
      const unit = panel.type === 'heatmap' ? panel.options?.yAxis?.unit : panel.fieldConfig?.defaults.unit;
      assert.ok(unit, `${where}: no unit`);
      const text = panel.description ?? '';
      assert.match(text, /\*\*Windows:\*\* \S/, `${where}: no Windows source`);
      assert.match(text, /\*\*Linux:\*\* \S/, `${where}: no Linux source`);
      assert.match(text, /\*\*Alerts:\*\* /, `${where}: no alerts line`);
      const named = [...text.matchAll(/\[(Hostwatch\w+)\]\(\$\{runbook_base\}\/(\w+)\.md\)/g)];
      for (const [, alert = '', runbook] of named) {
        assert.equal(runbook, alert, `${where}: ${alert} links another runbook`);
        assert.ok(alerts.has(alert), `${where}: ${alert} is not an alert of the rules`);
        assert.ok(
          existsSync(join(ROOT, 'docs', 'runbooks', `${alert}.md`)),
          `${where}: no runbook for ${alert}`,
        );
        assert.ok(
          panel.links?.some((l) => l.url === `\${runbook_base}/${alert}.md`),
          `${where}: no link`,
        );
      }
    }
  }
});

test('the runbook base the dashboards carry is the one the alert rules link to', () => {
  const base = rules.find((r) => r.alert)?.annotations?.['runbook_url']?.replace(/\/\w+\.md$/, '');
  for (const { file, json } of committed) {
    const v = json.templating.list.find((x) => x.name === 'runbook_base');
    assert.equal(v?.query, base, file);
  }
});

/** Grafana units a panel may use for what a query returns. */
const UNITS: Record<Unit, string[]> = {
  seconds: ['s', 'dtdurations'],
  ratio: ['percentunit', 'suffix:×'],
  ppm: ['ppm'],
  hertz: ['hertz'],
  count: ['short', 'none', 'bool_yes_no'],
  per_second: ['ops', 'reqps'],
  seconds_per_second: [],
  timestamp: [],
  literal: ['short', 'none'],
  mixed: [],
};

test('every panel unit matches the unit of what its query returns (suffixes, rules, operations)', () => {
  for (const { json } of committed) {
    for (const q of dashboardQueries(json).filter((x) => x.unit !== undefined)) {
      // A heatmap's unit is its y axis: the bounds of the histogram's buckets.
      const expr = substitute(q.expr, PARSE_VALUES);
      const unit = q.panelType === 'heatmap' ? bucketUnit(expr) : inferUnit(expr);
      assert.ok(UNITS[unit].includes(q.unit ?? ''), `${q.key}: ${q.unit} shows a ${unit} value`);
    }
  }
});

test('range selectors use $__rate_interval, $__interval, $__range or the 30-day SLO period', () => {
  for (const { json } of committed) {
    for (const q of dashboardQueries(json)) {
      for (const [, window] of q.expr.matchAll(/\[([^\]]+)\]/g)) {
        assert.ok(
          ['$__rate_interval', '$__interval', '$__range', '30d'].includes(window ?? ''),
          `${q.key}: [${window}]`,
        );
      }
    }
  }
});
