// The topology and timer collectors and `check` in node.exe under Wine (each in its own
// prefix), seen from Linux: the families in a scrape over loopback, and the check CLI's
// page and exit status. Wine reports the Linux host's CPUs as one processor group and a
// timer resolution of 1 ms (finest 1 ms, coarsest 15.625 ms).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sampleValue, sleep } from '../support/exporter';
import { needTools } from '../support/tools';
import {
  clonePrefix,
  prepareWindowsRuntime,
  removePrefix,
  startWindowsExporter,
  type WindowsExporter,
  type WindowsRuntime,
} from '../support/wine';

const ROOT = join(__dirname, '..', '..', '..');
const skip = needTools('wine', 'promtool');

describe('topology and timer in node.exe under Wine', { skip }, () => {
  let runtime: WindowsRuntime;
  let prefix: string;
  let exporter: WindowsExporter;

  before(async () => {
    runtime = prepareWindowsRuntime();
    prefix = clonePrefix();
    exporter = await startWindowsExporter(runtime, prefix, [
      '--no-collector.clock',
      '--collector.timer.probe-interval=1s',
      '--collector.timer.probe-samples=5',
    ]);
  });
  after(async () => {
    await exporter?.signal('SIGKILL');
    if (prefix) removePrefix(prefix);
  });

  test('topology: one group holding every CPU of the Linux host', async () => {
    const text = await exporter.scrape();
    const value = (series: string) => sampleValue(text, series);
    assert.equal(value('hostwatch_collector_success{collector="topology"}'), 1, exporter.log());
    assert.equal(value('hostwatch_cpu_groups'), 1);
    assert.equal(value('hostwatch_cpu_logical_processors'), availableParallelism());
    assert.equal(
      value('hostwatch_cpu_group_logical_processors{group="0",state="active"}'),
      availableParallelism(),
    );
    assert.equal(value('hostwatch_process_cpu_groups_allowed'), 1, 'the Windows 10 build rule under Wine');
    assert.equal(
      value('hostwatch_cpu_numa_node_logical_processors{node="0",group="0"}'),
      availableParallelism(),
    );
  });

  test('timer: NtQueryTimerResolution kinds and the Sleep probe histogram', async () => {
    let text = await exporter.scrape();
    for (
      let i = 0;
      i < 100 && (sampleValue(text, 'hostwatch_timer_sleep_overshoot_seconds_count') ?? 0) < 10;
      i++
    ) {
      await sleep(200);
      text = await exporter.scrape();
    }
    const value = (series: string) => sampleValue(text, series);
    assert.equal(value('hostwatch_collector_success{collector="timer"}'), 1, exporter.log());
    assert.equal(value('hostwatch_timer_resolution_seconds{kind="coarsest"}'), 0.015625);
    const finest = value('hostwatch_timer_resolution_seconds{kind="finest"}') ?? 1;
    assert.ok(finest < 0.015625, `finest ${finest}`);
    assert.equal(value('hostwatch_timer_slack_seconds'), undefined, 'no timer slack on Windows');
    assert.ok((value('hostwatch_timer_sleep_overshoot_seconds_count') ?? 0) >= 10);
  });

  test('promtool accepts the topology and timer families', async () => {
    const run = spawnSync('promtool', ['check', 'metrics'], {
      input: await exporter.scrape(),
      encoding: 'utf8',
    });
    const problems = `${run.stdout}${run.stderr}`
      .split('\n')
      .filter((l) => /hostwatch_(cpu|process_cpu|timer)/.test(l));
    assert.deepEqual(problems, []);
  });
});

describe('check in node.exe under Wine', { skip }, () => {
  let prefix: string;
  before(() => {
    prefix = clonePrefix();
  });
  after(() => {
    if (prefix) removePrefix(prefix);
  });

  test('a full page; the exit status follows its attention lines', () => {
    const runtime = prepareWindowsRuntime();
    const outPath = join(prefix, 'check.out');
    const out = openSync(outPath, 'w');
    const err = openSync(join(prefix, 'check.err'), 'w');
    // node.exe cannot write to a pipe under Wine: its output goes to files.
    const run = spawnSync('wine', [runtime.nodeExe, join('dist', 'src', 'main.js'), 'check'], {
      cwd: ROOT,
      env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' },
      stdio: ['ignore', out, err],
      timeout: 180_000,
    });
    closeSync(out);
    closeSync(err);
    const page = readFileSync(outPath, 'utf8').replace(/\r/g, '');
    assert.match(page, /check of .* \(windows\/x64\)/, page);
    assert.match(page, /^ {2}info +timer resolution 1 ms \(finest 1 ms, default 15\.625 ms\)/m);
    assert.match(page, /^ {2}(ok|ATTENTION) +1 ms sleep lateness over 50 sleeps/m);
    assert.match(
      page,
      /^ {2}ok +a process started without explicit affinity may use 1 of 1 group \(by the documented default for this OS build/m,
    );
    const attention = page.split('\n').filter((l) => l.startsWith('  ATTENTION'));
    assert.equal(run.status, attention.length > 0 ? 1 : 0, page);
  });
});
