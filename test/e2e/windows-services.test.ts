// The services collector in the Windows build end to end: dist/src/main.js in node.exe
// under Wine, with a policy from a config file, scraped from Linux over loopback.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sampleValue } from '../support/exporter';
import { needTools } from '../support/tools';
import {
  clonePrefix,
  prepareWindowsRuntime,
  removePrefix,
  startWindowsExporter,
  type WindowsExporter,
} from '../support/wine';

const POLICY = `collectors:
  services:
    include: RpcSs|PlugPlay
    cache: 0s
    policy:
      PlugPlay: { start_mode: auto, state: running }
      RpcSs: disabled
      W32Time: auto
`;

describe('the services collector in node.exe under Wine', { skip: needTools('wine') }, () => {
  let prefix: string;
  let exporter: WindowsExporter;

  before(async () => {
    const runtime = prepareWindowsRuntime();
    prefix = clonePrefix();
    // node.exe resolves a Linux absolute path on Wine's Z: drive, which maps to /.
    const config = join(prefix, 'services.yml');
    writeFileSync(config, POLICY);
    exporter = await startWindowsExporter(runtime, prefix, [`--config.file=${config}`]);
  });
  after(async () => {
    await exporter?.signal('SIGKILL');
    if (prefix) removePrefix(prefix);
  });

  test('states, start modes and every policy reason, from the real SCM of the prefix', async () => {
    const text = await exporter.scrape();
    const value = (series: string) => sampleValue(text, series);
    assert.equal(value('hostwatch_collector_success{collector="services"}'), 1, exporter.log());
    // Wine's services.exe starts its auto services (PlugPlay) with the prefix; RpcSs is
    // manual and started on demand, so its state depends on what ran before.
    assert.equal(value('hostwatch_service_state{name="PlugPlay",state="running"}'), 1);
    assert.equal(value('hostwatch_service_start_mode{name="PlugPlay",start_mode="auto"}'), 1);
    assert.equal(value('hostwatch_service_start_mode{name="RpcSs",start_mode="manual"}'), 1);
    assert.equal(
      value('hostwatch_service_policy_compliant{name="PlugPlay",expected="auto,running",reason="compliant"}'),
      1,
    );
    assert.equal(
      value('hostwatch_service_policy_compliant{name="RpcSs",expected="disabled",reason="start_mode"}'),
      0,
    );
    assert.equal(
      value('hostwatch_service_policy_compliant{name="W32Time",expected="auto",reason="missing"}'),
      0,
    );
    assert.doesNotMatch(
      text,
      /^hostwatch_service_\w+\{name="(?!RpcSs|PlugPlay|W32Time)/m,
      'only the selection',
    );
  });

  test('Wine cannot report delayed or trigger start: absent, and said once in the log', async () => {
    const text = await exporter.scrape();
    assert.doesNotMatch(text, /^hostwatch_service_(delayed|trigger)_start\{/m);
    const notices = exporter
      .log()
      .split('\n')
      .filter((l) => l.includes('QueryServiceConfig2W level 3'));
    assert.equal(notices.length, 1, exporter.log());
  });
});
