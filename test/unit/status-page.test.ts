// The status page: tables rendered on the server (no JavaScript needed), every value from
// the host escaped, each value cell naming the series /metrics writes, and the page's
// routes: CSP, the history JSON and the locally served uPlot and script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Gauge, Registry } from 'prom-client';
import request from 'supertest';
import { loadConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { Runner } from '../../src/runtime/runner';
import { createApp } from '../../src/server/app';
import { seconds, seriesName } from '../../src/server/status/format';
import { html } from '../../src/server/status/html';
import type { Sample } from '../../src/server/status/history';
import { statusPage } from '../../src/server/status/page';
import { servicesTable, statusTables, timeSyncTable } from '../../src/server/status/tables';
import { createRegistries } from '../../src/serve';
import { sampleValue } from '../support/exporter';

const EVIL = '<img src=x onerror="alert(1)">';
const info = {
  version: '1.0.0',
  platform: 'linux',
  arch: 'x64',
  nodeVersion: 'v20',
  telemetryPath: '/metrics',
  collectors: ['clock', EVIL],
};

function families(): Map<string, Sample[]> {
  return new Map<string, Sample[]>([
    ['hostwatch_timesync_synchronized', [{ labels: {}, value: 1 }]],
    ['hostwatch_clock_drift_ratio', [{ labels: {}, value: 2.5e-6 }]],
    ['hostwatch_timesync_source_info', [{ labels: { type: 'NTP', server: EVIL }, value: 1 }]],
    [
      'hostwatch_service_start_mode',
      [
        { labels: { name: EVIL, start_mode: 'auto' }, value: 1 },
        { labels: { name: EVIL, start_mode: 'manual' }, value: 0 },
        { labels: { name: 'chronyd', start_mode: 'disabled' }, value: 1 },
      ],
    ],
    ['hostwatch_service_state', [{ labels: { name: 'chronyd', state: 'stopped' }, value: 1 }]],
    [
      'hostwatch_service_policy_compliant',
      [{ labels: { name: 'chronyd', expected: 'auto', reason: 'start_mode' }, value: 0 }],
    ],
  ]);
}

test('the tables are in the HTML itself, one row per service with mode, state and policy', () => {
  const page = statusPage(info, statusTables(families()));
  for (const id of ['timesync', 'services', 'topology', 'collectors'])
    assert.match(page, new RegExp(`<table id="${id}">`));
  const services = servicesTable(families());
  assert.deepEqual(
    services.rows.map((r) => r.map((c) => c.text)),
    [
      [EVIL, 'auto', '', '', '', '', '', ''],
      ['chronyd', 'disabled', '', '', 'stopped', 'auto', 'no', 'start_mode'],
    ],
  );
  assert.match(page, /<td data-series="hostwatch_timesync_synchronized" data-value="1">yes<\/td>/);
  assert.match(
    page,
    /<td data-series="hostwatch_clock_drift_ratio" data-value="0.0000025">\+2\.500 ppm<\/td>/,
  );
  assert.match(page, /No topology collector\./);
});

test('everything from the host is escaped, in text and in attributes', () => {
  const page = statusPage(info, statusTables(families()));
  assert.ok(!page.includes('<img'), 'no element from a service name, label or collector');
  assert.ok(page.includes('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;'));
  assert.equal(page.match(/<script/g)?.length, 2, 'only the page scripts');
  assert.match(page, /data-series="hostwatch_service_start_mode\{name=&#34;&#60;img src=x onerror=\\&#34;/);
  assert.equal(
    html`<a title="${'" onclick="x'}">${html`<b>kept</b>`}</a>`.text,
    '<a title="&#34; onclick=&#34;x"><b>kept</b></a>',
  );
});

test('a cell names its series exactly as /metrics writes it, escapes included', async () => {
  const registry = new Registry();
  const g = new Gauge({ name: 'hostwatch_x', help: 'h', labelNames: ['name', 'b'], registers: [registry] });
  const labels = { name: 'a "quoted" \\ back\\slash', b: 'line\nbreak' };
  g.set(labels, 7);
  const text = await registry.metrics();
  assert.equal(sampleValue(text, seriesName('hostwatch_x', labels)), 7);
  assert.equal(seriesName('hostwatch_y', {}), 'hostwatch_y');
});

test('values are written in readable units', () => {
  assert.equal(seconds(0.0123), '12.300 ms');
  assert.equal(seconds(-2, true), '-2.000 s');
  assert.equal(seconds(4e-7, true), '+400 ns');
  assert.equal(timeSyncTable(new Map()).rows.length, 0);
});

test('the status routes: CSP on the page, the history as JSON, uPlot and the script served locally', async () => {
  const registries = createRegistries();
  const runner = new Runner([registries.prometheus], createLogger('error', 'json'), 'linux');
  const app = createApp({ telemetryPath: '/metrics', registries, runner, info });
  const page = await request(app).get('/').expect(200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
  const history = await request(app).get('/status/history.json').expect(200);
  assert.match(String(history.headers['content-type']), /^application\/json/);
  assert.equal(history.body.window_seconds, 600);
  assert.deepEqual(history.body.series, []);
  for (const [path, type, text] of [
    ['/status/uPlot.iife.min.js', 'text/javascript', 'uPlot'],
    ['/status/uPlot.min.css', 'text/css', '.uplot'],
    ['/status/status.js', 'text/javascript', 'figure[data-chart]'],
    ['/status/status.css', 'text/css', 'figure.chart'],
  ] as const) {
    const res = await request(app).get(path).expect(200);
    assert.match(String(res.headers['content-type']), new RegExp(`^${type}`), path);
    assert.ok(res.text.includes(text), `${path} holds ${text}`);
  }
});

test('the telemetry path may not take a status page path', () => {
  const telemetry = (path: string) => () => loadConfig([`--web.telemetry-path=${path}`], 'linux');
  assert.throws(telemetry('/status/history.json'), /web\.telemetry_path.*one under "\/status\/"/);
  assert.throws(telemetry('/'), /web\.telemetry_path/);
  assert.doesNotThrow(telemetry('/metrics'));
});
