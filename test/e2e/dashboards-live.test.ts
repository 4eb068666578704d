// The dashboards against live data: the built exporter (under libfaketime, a held port
// making one listen target fail, services from a real systemd manager with one out of
// policy) scraped every second by the real Prometheus with alerts/hostwatch.rules.yml
// loaded. Every query of dashboards/*.json, with its template variables substituted as
// Grafana would, is sent through the HTTP API the way its panel sends it and must return
// at least one series, except those listed below with the reason. Then the exporter's
// wall clock is stepped (never the machine's) and the step panel's query must see it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { STEP_ANNOTATION_QUERY, STEPS_TABLE_QUERY } from '../../dashboards/src/clock';
import { RULES_FILE } from '../../src/tools/alerts-doc';
import { type Daemon, PROMETHEUS, startPrometheus, waitFor } from '../support/alerting';
import { committedDashboards, dashboardQueries, type DashboardQuery } from '../support/dashboards';
import { type RunningExporter, startExporter } from '../support/exporter';
import { instantQuery, type PromSeries, rangeQuery, seriesOf } from '../support/prometheus-api';
import { type GrafanaValues, substitute } from '../support/promql';
import { startPolicyServices, type UserManager } from '../support/systemd-user';
import { faketimeEnv, LIBFAKETIME, needTools } from '../support/tools';

/** Queries with no series on this Linux test host, and why. */
const EXPECTED_EMPTY: Record<string, string> = {
  'hostwatch-clock / Offset to the time reference / B':
    'Windows only: PDH Windows Time Service\\Computed Time Offset',
  'hostwatch-clock / Time-service events by id / A': 'Windows only: the event log',
  'hostwatch-clock / Time source and clock / A':
    'Linux exports the time source for a running time daemon; none runs on the test host',
  'hostwatch-runtime / Services: start mode, state and policy / C':
    'Windows only: delayed auto-start from QueryServiceConfig2W',
  'hostwatch-runtime / Services: start mode, state and policy / D':
    'Windows only: start triggers from QueryServiceConfig2W',
};

const skip = needTools(PROMETHEUS, LIBFAKETIME, 'unshare', '/lib/systemd/systemd', 'systemctl');
const dir = mkdtempSync(join(tmpdir(), 'hostwatch-dashboards-live-'));
let manager: UserManager | undefined;
let held: Server | undefined;
let exporter: RunningExporter | undefined;
let prometheus: Daemon | undefined;
let values: GrafanaValues | undefined;

function config(services: string[], heldPort: number): string {
  return [
    'collectors:',
    '  clock: { drift_window: 30s }',
    '  timer: { probe_interval: 1s }',
    '  listen:',
    '    interval: 1s',
    '    targets:',
    '      - { name: loopback, address: 127.0.0.1, port: 0 }',
    `      - { name: held_port, address: 127.0.0.1, port: ${heldPort}, expect: free }`,
    ...services,
    '',
  ].join('\n');
}

before(async () => {
  if (skip) return;
  const services = await startPolicyServices('hw-dash');
  manager = services.manager;
  held = createServer();
  await new Promise<void>((resolve) => held?.listen(0, '127.0.0.1', resolve));
  writeFileSync(join(dir, 'config.yml'), config(services.config, (held.address() as AddressInfo).port));
  writeFileSync(join(dir, 'offset'), '+0\n');
  exporter = await startExporter(
    [`--config.file=${join(dir, 'config.yml')}`],
    faketimeEnv(join(dir, 'offset')),
  );
  prometheus = await startPrometheus({ rulesFile: RULES_FILE, targets: [`127.0.0.1:${exporter.port}`] });
  values = {
    rateInterval: '30s',
    interval: '5s',
    range: '10m',
    variables: { job: 'hostwatch', instance: `127.0.0.1:${exporter.port}`, target: '.+' },
  };
});

after(async () => {
  await prometheus?.stop();
  await exporter?.stop();
  await new Promise((resolve) => (held ? held.close(resolve) : resolve(undefined)));
  await manager?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends the query the way its panel, annotation or variable does. */
function run(q: DashboardQuery, base: string, v: GrafanaValues): Promise<PromSeries[]> {
  const expr = substitute(q.expr, v);
  if (q.kind === 'variable') return seriesOf(base, expr);
  if (q.kind === 'instant') return instantQuery(base, expr);
  return rangeQuery(base, expr, 120, 5);
}

/** A series with a sample; label_values() needs only the series. */
const hasData = (q: DashboardQuery, s: PromSeries[]) =>
  q.kind === 'variable' ? s.length > 0 : s.some((x) => x.value !== undefined || (x.values?.length ?? 0) > 0);

test(
  'every dashboard query returns series from a live exporter, and the step panel sees a clock step',
  { skip, timeout: 10 * 60_000 },
  async (t) => {
    const base = prometheus?.url ?? '';
    const v = values as GrafanaValues;
    const q = (expr: string) => instantQuery(base, substitute(expr, v));
    // A while of data: drift needs its 30 s window, rates two samples, probes a few runs.
    const warm = await waitFor(async () => {
      const drift = await q(
        'count_over_time(hostwatch_clock_drift_ratio{job=~"$job", instance=~"$instance"}[1m])',
      );
      const errors = await q('hostwatch_listen_errors_total{target="held_port"}');
      return Number(drift[0]?.value?.[1] ?? 0) >= 10 && errors.length > 0;
    }, 180_000);
    assert.ok(warm, `no drift or listen errors in Prometheus:\n${exporter?.logs.slice(-10).join('\n')}`);

    writeFileSync(join(dir, 'offset'), '+5s\n');
    const seen = await waitFor(async () => {
      const rows = await q(STEPS_TABLE_QUERY);
      return rows.some((r) => r.metric['source'] === 'sampler' && r.metric['direction'] === 'forward');
    }, 120_000);
    assert.ok(seen, 'the steps table query never showed the forward step');
    const annotation = await rangeQuery(base, substitute(STEP_ANNOTATION_QUERY, v), 120, 5);
    assert.ok(
      annotation.some((s) => s.metric['direction'] === 'forward' && (s.values?.length ?? 0) > 0),
      'the step annotation query has no point for the step',
    );
    await waitFor(async () => (await q('hostwatch_clock_last_step_seconds')).length > 0, 30_000);

    const queries = committedDashboards().flatMap((d) => dashboardQueries(d.json));
    const missing: string[] = [];
    for (const query of queries) {
      const result = await run(query, base, v);
      const expected = EXPECTED_EMPTY[query.key];
      if (expected) t.diagnostic(`${query.key}: ${result.length} series (listed: ${expected})`);
      else if (!hasData(query, result)) missing.push(`${query.key}\n    ${substitute(query.expr, v)}`);
    }
    assert.deepEqual(missing, [], `queries without data:\n${missing.join('\n')}`);
    const keys = new Set(queries.map((x) => x.key));
    for (const key of Object.keys(EXPECTED_EMPTY))
      assert.ok(keys.has(key), `listed query ${key} is not in a dashboard`);
    t.diagnostic(
      `${queries.length} queries, ${Object.keys(EXPECTED_EMPTY).length} listed as platform-dependent`,
    );
  },
);
