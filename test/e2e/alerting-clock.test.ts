// End to end, clock half: the built exporter under libfaketime (preloaded into it only),
// scraped every second by the real Prometheus loaded with alerts/hostwatch.rules.yml,
// sending to the real Alertmanager, which posts to a webhook receiver run here. Stepping
// the exporter's wall clock (never the machine's: Prometheus and Alertmanager run on real
// time) must page, and the page must resolve once the step leaves the rule's 5-minute
// window. No timed assertions: waits have generous deadlines; the measured delays are
// reported as diagnostics.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RULES_FILE } from '../../src/tools/alerts-doc';
import { ALERTMANAGER, PROMETHEUS, waitFor } from '../support/alerting';
import { type AlertingStack, startAlertingStack } from '../support/alerting-stack';
import { LIBFAKETIME, needTools } from '../support/tools';

const skip = needTools(PROMETHEUS, ALERTMANAGER, LIBFAKETIME);
let stack: AlertingStack | undefined;
let dir: string | undefined;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'hostwatch-alerting-clock-'));
  writeFileSync(join(dir, 'offset'), '+0\n');
  stack = await startAlertingStack({
    rulesFile: RULES_FILE,
    // The listen probes have their own suite (alerting-listen.test.ts); this one asserts
    // that only the step pages fire, whatever the load on the machine does to probe times.
    exporterArgs: ['--no-collector.listen'],
    exporterEnv: {
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: join(dir, 'offset'),
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
  });
});

after(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Moves the exporter's wall clock to real time plus this offset ("+5s", "-300ms"). */
const setOffset = (offset: string) => writeFileSync(join(dir ?? '', 'offset'), `${offset}\n`);

test(
  'a clock step of the exporter pages through Prometheus and Alertmanager, then resolves',
  { skip, timeout: 15 * 60_000 },
  async (t) => {
    const s = stack as AlertingStack;
    // Prometheus must hold a few samples of the pre-initialised 0 before the step, or
    // increase() has no baseline: the same reason the collector initialises it.
    const baseline = await waitFor(
      async () =>
        (await s.query('count_over_time(hostwatch_clock_steps_total{direction="forward"}[1m])')) >= 5,
      60_000,
    );
    assert.ok(
      baseline,
      `Prometheus did not scrape the exporter:\n${s.prometheus.logs.slice(-10).join('\n')}`,
    );
    assert.deepEqual(
      s.receiver.alerts.map((a) => a.labels),
      [],
      'nothing fires while the clock runs normally',
    );

    setOffset('+5s');
    const forward = await s.notification('HostwatchClockSteppedForward', 'firing', 120_000);
    t.diagnostic(`forward step to page: ${forward.seconds.toFixed(1)} s`);
    const instance = `127.0.0.1:${s.exporter.port}`;
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

    setOffset('+3s');
    const backward = await s.notification('HostwatchClockSteppedBackward', 'firing', 120_000);
    t.diagnostic(`backward step to page: ${backward.seconds.toFixed(1)} s`);
    assert.equal(backward.alert.labels['severity'], 'critical');
    assert.match(
      backward.alert.annotations['description'] ?? '',
      /last step the sampler saw was -(1\.99\d|2\.00\d) s/,
    );

    // The 5m increase() window must empty before the pages resolve.
    const resolvedF = await s.notification('HostwatchClockSteppedForward', 'resolved', 9 * 60_000);
    const resolvedB = await s.notification('HostwatchClockSteppedBackward', 'resolved', 9 * 60_000);
    t.diagnostic(
      `resolved after a further ${resolvedF.seconds.toFixed(0)} s and ${resolvedB.seconds.toFixed(0)} s`,
    );
    const names = new Set(s.receiver.alerts.map((a) => a.labels['alertname']));
    assert.deepEqual([...names].sort(), ['HostwatchClockSteppedBackward', 'HostwatchClockSteppedForward']);
  },
);
