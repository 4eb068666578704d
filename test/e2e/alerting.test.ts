// End to end: the built exporter under libfaketime, scraped every second by the real
// Prometheus loaded with alerts/hostwatch.rules.yml, which sends to the real Alertmanager,
// which posts to a webhook receiver run here. Stepping the exporter's wall clock (never
// the machine's; Prometheus and Alertmanager run on real time) must page, and the page
// must resolve once the step leaves the rule's 5-minute window. No timed assertions:
// waits have generous deadlines and the measured delays are reported as diagnostics.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RULES_FILE } from '../../src/tools/alerts-doc';
import {
  ALERTMANAGER,
  type Daemon,
  PROMETHEUS,
  type Receiver,
  startAlertmanager,
  startPrometheus,
  startReceiver,
  type Stoppable,
  waitFor,
  type WebhookAlert,
} from '../support/alerting';
import { type RunningExporter, startExporter } from '../support/exporter';
import { LIBFAKETIME, needTools } from '../support/tools';

const skip = needTools(PROMETHEUS, ALERTMANAGER, LIBFAKETIME);
const started: Stoppable[] = [];
let receiver: Receiver;
let prometheus: Daemon;
let exporter: RunningExporter;
let fakeDir: string;
const offsetFile = () => join(fakeDir, 'offset');

before(async () => {
  if (skip) return;
  fakeDir = mkdtempSync(join(tmpdir(), 'hostwatch-faketime-'));
  writeFileSync(offsetFile(), '+0\n');
  receiver = await startReceiver();
  started.push(receiver);
  const alertmanager = await startAlertmanager(receiver.url);
  started.push(alertmanager);
  exporter = await startExporter([], {
    LD_PRELOAD: LIBFAKETIME,
    FAKETIME_TIMESTAMP_FILE: offsetFile(),
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  });
  started.push(exporter);
  prometheus = await startPrometheus({
    rulesFile: RULES_FILE,
    alertmanager: alertmanager.url,
    targets: [`127.0.0.1:${exporter.port}`],
  });
  started.push(prometheus);
});

after(async () => {
  for (const s of started.reverse()) await s.stop();
  if (fakeDir) rmSync(fakeDir, { recursive: true, force: true });
});

async function promQuery(expr: string): Promise<number> {
  const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  return body.data.result.length === 0 ? NaN : Number(body.data.result[0]?.value[1]);
}

function received(alertname: string, status: WebhookAlert['status']): WebhookAlert | undefined {
  return receiver.alerts.find((a) => a.labels['alertname'] === alertname && a.status === status);
}

async function expectNotification(alertname: string, status: WebhookAlert['status'], timeoutMs: number) {
  const since = Date.now();
  const ok = await waitFor(() => received(alertname, status) !== undefined, timeoutMs);
  const context = `receiver got: ${JSON.stringify(receiver.alerts.map((a) => [a.labels['alertname'], a.status]))}\nprometheus: ${prometheus.logs.slice(-5).join('\n')}`;
  assert.ok(ok, `no ${status} ${alertname} within ${timeoutMs / 1000} s; ${context}`);
  return { alert: received(alertname, status) as WebhookAlert, seconds: (Date.now() - since) / 1000 };
}

test(
  'a clock step of the exporter pages through Prometheus and Alertmanager, then resolves',
  { skip, timeout: 15 * 60_000 },
  async (t) => {
    // Prometheus must hold a few samples of the pre-initialised 0 before the step, or
    // increase() has no baseline: the same reason the collector initialises it.
    const baseline = await waitFor(
      async () =>
        (await promQuery('count_over_time(hostwatch_clock_steps_total{direction="forward"}[1m])')) >= 5,
      60_000,
    );
    assert.ok(baseline, `Prometheus did not scrape the exporter:\n${prometheus.logs.slice(-10).join('\n')}`);
    assert.equal(receiver.alerts.length, 0, 'nothing pages while the clock runs normally');

    writeFileSync(offsetFile(), '+5s\n');
    const forward = await expectNotification('HostwatchClockSteppedForward', 'firing', 120_000);
    t.diagnostic(`forward step to page: ${forward.seconds.toFixed(1)} s`);
    const instance = `127.0.0.1:${exporter.port}`;
    assert.deepEqual(forward.alert.labels, {
      alertname: 'HostwatchClockSteppedForward',
      instance,
      job: 'hostwatch',
      severity: 'warning',
      action: 'page',
    });
    assert.match(
      forward.alert.annotations['description'] ?? '',
      new RegExp(
        `^The wall clock of ${instance} stepped forward 1 time\\(s\\) in the last 5 minutes; the last step the sampler saw was \\+(4\\.99\\d|5\\.00\\d) s\\.`,
      ),
    );
    assert.match(
      forward.alert.annotations['runbook_url'] ?? '',
      /docs\/runbooks\/HostwatchClockSteppedForward\.md$/,
    );

    writeFileSync(offsetFile(), '+3s\n');
    const backward = await expectNotification('HostwatchClockSteppedBackward', 'firing', 120_000);
    t.diagnostic(`backward step to page: ${backward.seconds.toFixed(1)} s`);
    assert.equal(backward.alert.labels['severity'], 'critical');
    assert.match(
      backward.alert.annotations['description'] ?? '',
      /last step the sampler saw was -(1\.99\d|2\.00\d) s/,
    );

    // The 5m increase() window must empty before the pages resolve.
    const resolvedF = await expectNotification('HostwatchClockSteppedForward', 'resolved', 9 * 60_000);
    const resolvedB = await expectNotification('HostwatchClockSteppedBackward', 'resolved', 9 * 60_000);
    t.diagnostic(
      `resolved after a further ${resolvedF.seconds.toFixed(0)} s and ${resolvedB.seconds.toFixed(0)} s`,
    );
    const names = new Set(receiver.alerts.map((a) => a.labels['alertname']));
    assert.deepEqual([...names].sort(), ['HostwatchClockSteppedBackward', 'HostwatchClockSteppedForward']);
  },
);
