// End to end, listen half: the built exporter with a bind() shim (compiled with gcc here,
// preloaded into the exporter only) that holds bind() on one probe target's port while a
// file exists, scraped every second by the real Prometheus with alerts/hostwatch.rules.yml,
// through the real Alertmanager to a webhook receiver. The blocked probe must page at
// once, and resolve when bind() returns. No timed assertions; delays are diagnostics.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RULES_FILE } from '../../src/tools/alerts-doc';
import { ALERTMANAGER, freePort, PROMETHEUS, waitFor } from '../support/alerting';
import { type AlertingStack, startAlertingStack } from '../support/alerting-stack';
import { buildBindShim, listenConfig } from '../support/bind-shim';
import { needTools } from '../support/tools';

const skip = needTools(PROMETHEUS, ALERTMANAGER, 'gcc');
let stack: AlertingStack | undefined;
let dir: string | undefined;
/** While this file exists, bind() on the "held" target's port does not return. */
const blockFile = () => join(dir ?? '', 'block');

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'hostwatch-alerting-listen-'));
  const shim = buildBindShim(dir);
  const port = await freePort();
  const config = listenConfig(dir, [
    { name: 'held', address: '127.0.0.1', port, interval: '1s', timeout: '300ms' },
  ]);
  stack = await startAlertingStack({
    rulesFile: RULES_FILE,
    exporterArgs: [`--config.file=${config}`],
    exporterEnv: {
      LD_PRELOAD: shim,
      HOSTWATCH_SHIM_PORT: String(port),
      HOSTWATCH_SHIM_BLOCK_FILE: blockFile(),
    },
  });
});

after(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The blocked probe counts one timeout (and, when it returns, one very slow probe) against
// the listen SLOs. With a minute of history at one probe a second that is over 14.4x the
// budget rate in the 5m and 1h windows alike, so the burn-rate alerts may fire for "held"
// too: the real Prometheus doing the SLO maths on a young series. On a host with history
// and the default 15 s interval one timeout is 1 of 240 probes an hour (4.2x) and pages
// nothing (the promtool case "a single failed probe ... do not burn budget").
const BURN = /^HostwatchListen(Availability|Latency)BudgetBurn(Fast|Slow)$/;

test(
  'a bind() that does not return pages at once, and resolves when it returns',
  { skip, timeout: 5 * 60_000 },
  async (t) => {
    const s = stack as AlertingStack;
    const healthy = await waitFor(
      async () => (await s.query('min_over_time(hostwatch_listen_up{target="held"}[10s])')) === 1,
      60_000,
    );
    assert.ok(
      healthy,
      `the held target is not probed successfully:\n${s.prometheus.logs.slice(-10).join('\n')}`,
    );
    assert.equal(s.receiver.alerts.length, 0, 'nothing fires while bind() works');

    writeFileSync(blockFile(), '');
    const page = await s.notification('HostwatchListenBlocked', 'firing', 120_000);
    t.diagnostic(`bind() blocked to page: ${page.seconds.toFixed(1)} s`);
    const instance = `127.0.0.1:${s.exporter.port}`;
    assert.deepEqual(page.alert.labels, {
      alertname: 'HostwatchListenBlocked',
      instance,
      job: 'hostwatch',
      target: 'held',
      severity: 'critical',
      action: 'page',
    });
    assert.match(
      page.alert.annotations['description'] ?? '',
      new RegExp(
        `^The listen probe of target held on ${instance} has outlived its timeout and not returned \\(hostwatch_listen_blocked = 1\\) for (\\d+m )?[0-9.]+m?s\\.`,
      ),
    );
    assert.match(page.alert.annotations['runbook_url'] ?? '', /docs\/runbooks\/HostwatchListenBlocked\.md$/);

    unlinkSync(blockFile());
    const resolved = await s.notification('HostwatchListenBlocked', 'resolved', 120_000);
    t.diagnostic(`bind() released to resolved: ${resolved.seconds.toFixed(1)} s`);

    const others = s.receiver.alerts.filter((a) => a.labels['alertname'] !== 'HostwatchListenBlocked');
    for (const alert of others) {
      assert.match(alert.labels['alertname'] ?? '', BURN, `unexpected: ${JSON.stringify(alert.labels)}`);
      assert.equal(alert.labels['target'], 'held');
    }
    const burns = [...new Set(others.map((a) => a.labels['alertname']))];
    t.diagnostic(`burn-rate alerts on the young series: ${burns.join(', ') || 'none'}`);
  },
);
