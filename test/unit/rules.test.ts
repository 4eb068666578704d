// The alert rules as Prometheus checks them (promtool check rules, promtool test rules),
// plus what promtool cannot check: every rule has unit tests that fire and that stay
// quiet, every alert has its labels, annotations and runbook, docs/alerts.md is fresh.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { ALERTS_DOC, loadRules, renderAlertsDoc, RULES_FILE } from '../../src/tools/alerts-doc';
import { ROOT } from '../../src/tools/catalog';
import { needTools } from '../support/tools';

const TESTS_DIR = join(ROOT, 'alerts', 'tests');
const testFiles = readdirSync(TESTS_DIR)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => join(TESTS_DIR, f));
const RUNBOOK_BASE = 'https://github.com/hostwatch/hostwatch-exporter/blob/main/docs/runbooks/';

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('promtool check rules accepts alerts/hostwatch.rules.yml', { skip: needTools('promtool') }, () => {
  const { status, output } = promtool('check', 'rules', RULES_FILE);
  assert.equal(status, 0, output);
  assert.match(output, new RegExp(`SUCCESS: ${loadRules().length} rules found`));
});

test('promtool test rules passes every file in alerts/tests', { skip: needTools('promtool') }, () => {
  assert.ok(testFiles.length > 0);
  const { status, output } = promtool('test', 'rules', ...testFiles);
  assert.equal(status, 0, output);
  assert.equal(output.match(/SUCCESS/g)?.length, testFiles.length, output);
});

interface AlertCase {
  alertname: string;
  exp_alerts?: unknown[];
}
interface TestGroup {
  alert_rule_test?: AlertCase[];
  promql_expr_test?: { expr: string }[];
}

function unitTests(): TestGroup[] {
  return testFiles.flatMap((f) => (YAML.parse(readFileSync(f, 'utf8')) as { tests: TestGroup[] }).tests);
}

test('every alert has a promtool case where it fires and one where it must not', () => {
  const cases = unitTests().flatMap((g) => g.alert_rule_test ?? []);
  for (const rule of loadRules().filter((r) => r.alert)) {
    const mine = cases.filter((c) => c.alertname === rule.alert);
    assert.ok(
      mine.some((c) => (c.exp_alerts ?? []).length > 0),
      `${rule.alert}: no firing case`,
    );
    assert.ok(
      mine.some((c) => (c.exp_alerts ?? []).length === 0),
      `${rule.alert}: no quiet case`,
    );
  }
});

test('every recording rule has its value checked by a promtool expression test', () => {
  const exprs = unitTests().flatMap((g) => (g.promql_expr_test ?? []).map((t) => t.expr.trim()));
  for (const rule of loadRules().filter((r) => r.record)) {
    assert.ok(exprs.includes(rule.record ?? ''), `${rule.record}: no promql_expr_test`);
  }
});

test('recording rules are named level:metric:operation', () => {
  for (const rule of loadRules().filter((r) => r.record)) {
    assert.match(rule.record ?? '', /^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/, `${rule.record}`);
  }
});

test('every alert has severity, action, summary, a description with instance and value, a runbook', () => {
  for (const rule of loadRules().filter((r) => r.alert)) {
    const name = rule.alert ?? '';
    assert.match(name, /^Hostwatch[A-Za-z]+$/);
    assert.ok(['critical', 'warning'].includes(rule.labels?.['severity'] ?? ''), `${name}: severity`);
    assert.ok(['page', 'ticket'].includes(rule.labels?.['action'] ?? ''), `${name}: action`);
    const a = rule.annotations ?? {};
    assert.ok((a['summary'] ?? '').endsWith('.'), `${name}: summary is a sentence`);
    assert.match(a['description'] ?? '', /\$labels\.instance/, `${name}: description names the instance`);
    assert.match(a['description'] ?? '', /\$value/, `${name}: description gives the value`);
    assert.equal(a['runbook_url'], `${RUNBOOK_BASE}${name}.md`, `${name}: runbook_url`);
  }
});

test('every runbook exists and says what it means, how to confirm it on Windows and Linux, what to do', () => {
  const alerts = loadRules()
    .filter((r) => r.alert)
    .map((r) => r.alert ?? '');
  for (const name of alerts) {
    const path = join(ROOT, 'docs', 'runbooks', `${name}.md`);
    assert.ok(existsSync(path), `${path} is missing`);
    const text = readFileSync(path, 'utf8');
    assert.match(text, new RegExp(`^# ${name}\\n`), `${name}: title`);
    for (const section of ['## Meaning', '## Confirm on the host', '## What to do']) {
      assert.ok(text.includes(section), `${name}: missing "${section}"`);
    }
    assert.match(text, /```powershell\n/, `${name}: PowerShell commands`);
    assert.match(text, /```sh\n/, `${name}: Linux commands`);
  }
  const extra = readdirSync(join(ROOT, 'docs', 'runbooks')).filter(
    (f) => !alerts.includes(f.replace(/\.md$/, '')) && f !== 'README.md',
  );
  assert.deepEqual(extra, [], 'runbooks without an alert');
});

test('docs/alerts.md is what `npm run catalog` generates from the rules', () => {
  assert.equal(
    readFileSync(ALERTS_DOC, 'utf8'),
    renderAlertsDoc(),
    'docs/alerts.md is stale: run `npm run catalog`',
  );
});
