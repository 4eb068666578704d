// The Windows build end to end: dist/src/main.js in node.exe under Wine (its own
// prefix), scraped from Linux over loopback, then terminated the two ways a Windows
// process ends (Ctrl+C, and TerminateProcess), leaving no process of its prefix behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sampleValue, sleep } from '../support/exporter';
import { needTools } from '../support/tools';
import {
  clonePrefix,
  prepareWindowsRuntime,
  removePrefix,
  startWindowsExporter,
  waitPrefixEmpty,
  type WindowsExporter,
  type WindowsRuntime,
} from '../support/wine';

const skip = needTools('wine', 'promtool');

describe('the exporter in node.exe under Wine', { skip }, () => {
  let runtime: WindowsRuntime;
  let prefix: string;
  let exporter: WindowsExporter;
  let firstScrape: string;

  before(async () => {
    runtime = prepareWindowsRuntime();
    prefix = clonePrefix();
    exporter = await startWindowsExporter(runtime, prefix, ['--collector.clock.interval=100ms']);
    firstScrape = await exporter.scrape();
  });
  after(async () => {
    await exporter?.signal('SIGKILL');
    if (prefix) removePrefix(prefix);
  });

  test('hostwatch_build_info says platform="windows", on Node 22', () => {
    const info = /^hostwatch_build_info\{([^}]*)\} 1$/m.exec(firstScrape)?.[1] ?? '';
    assert.match(info, /platform="windows"/);
    assert.match(info, /arch="x64"/);
    assert.match(info, /node_version="v22\./);
  });

  test('the clock family is present with sane values', async () => {
    await sleep(1000); // ten sampler intervals
    const text = await exporter.scrape();
    const value = (series: string) => sampleValue(text, series);
    assert.equal(value('hostwatch_collector_success{collector="clock"}'), 1, exporter.log());
    const frequency = value('hostwatch_clock_monotonic_frequency_hertz') ?? 0;
    assert.ok(frequency >= 1e6, `QPC frequency ${frequency} Hz`);
    assert.equal(
      value('hostwatch_clock_resolution_seconds{clock="monotonic",method="reported"}'),
      1 / frequency,
    );
    assert.equal(value('hostwatch_clock_resolution_seconds{clock="wall",method="reported"}'), 1e-7);
    const interrupt = value('hostwatch_clock_resolution_seconds{clock="wall_coarse",method="reported"}') ?? 0;
    assert.ok(interrupt > 0 && interrupt <= 0.0157, `clock interrupt ${interrupt} s`);
    for (const clock of ['wall', 'wall_coarse', 'monotonic']) {
      const observed = value(`hostwatch_clock_resolution_seconds{clock="${clock}",method="observed"}`) ?? 0;
      assert.ok(observed > 0 && observed < 0.1, `${clock} observed resolution ${observed} s`);
    }
    const samples = (t: string) => sampleValue(t, 'hostwatch_clock_samples_total') ?? 0;
    assert.ok(samples(text) > samples(firstScrape), 'the background sampler keeps sampling');
    for (const direction of ['forward', 'backward']) {
      assert.equal(value(`hostwatch_clock_steps_total{source="sampler",direction="${direction}"}`), 0);
    }
    assert.equal(value('hostwatch_clock_read_uncertainty_seconds_count'), samples(text));
    assert.doesNotMatch(text, /^hostwatch_clock_source_info/m, 'no clocksource is named on Windows');
  });

  test('promtool check metrics is clean', async () => {
    const text = await exporter.scrape();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(`${check.stdout}${check.stderr}`, '');
    assert.equal(check.status, 0);
  });

  test('/healthz and /readyz answer', async () => {
    const healthz = await fetch(exporter.url('/healthz'));
    assert.equal(healthz.status, 200);
    assert.equal(await healthz.text(), 'OK\n');
    const readyz = await fetch(exporter.url('/readyz'));
    assert.equal(readyz.status, 200, await readyz.clone().text());
  });

  test('the status page, its history and its scripts are served by node.exe', async () => {
    const page = await (await fetch(exporter.url('/'))).text();
    assert.match(page, /<td data-series="hostwatch_cpu_groups" data-value="\d+">/);
    assert.match(page, /Version \S+ on windows\/x64/);
    let offsets: unknown[] = [];
    for (let i = 0; i < 50 && offsets.filter((v) => v !== null).length < 2; i++) {
      const history = (await (await fetch(exporter.url('/status/history.json'))).json()) as {
        series: { chart: string; values: unknown[] }[];
      };
      offsets = history.series.find((x) => x.chart === 'offset')?.values ?? [];
      await sleep(500);
    }
    assert.ok(offsets.filter((v) => v !== null).length >= 2, `offset history: ${JSON.stringify(offsets)}`);
    for (const path of ['/status/status.js', '/status/uPlot.iife.min.js']) {
      assert.equal((await fetch(exporter.url(path))).status, 200, path);
    }
  });

  test('Ctrl+C (SIGINT under Wine) shuts down cleanly and leaves no process behind', async () => {
    const code = await exporter.signal('SIGINT');
    assert.equal(code, 0, exporter.log());
    assert.match(exporter.log(), /"msg":"shutting down".*"signal":"SIGINT"/);
    assert.deepEqual(await waitPrefixEmpty(prefix), [], 'processes of the prefix still running');
    await assert.rejects(fetch(exporter.url('/healthz')), 'the port is closed');
  });

  test('process termination (SIGTERM: TerminateProcess under Wine) leaves no process behind', async () => {
    exporter = await startWindowsExporter(runtime, prefix);
    assert.equal((await fetch(exporter.url('/healthz'))).status, 200);
    const code = await exporter.signal('SIGTERM');
    assert.notEqual(code, 0, 'terminated, not a clean exit');
    assert.deepEqual(await waitPrefixEmpty(prefix), [], 'processes of the prefix still running');
    await assert.rejects(fetch(exporter.url('/healthz')), 'the port is closed');
  });
});
