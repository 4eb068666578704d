// timesync and the restart-gap state in the Windows build: node.exe under Wine, with the
// default storage directory (%ProgramData%\hostwatch-exporter in the test's own prefix).
// Wine lacks W32Time, its counters and the event log: the exporter must keep serving,
// with timesync succeeding on what it has and saying which inputs are missing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sampleValue } from '../support/exporter';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIBFAKETIME, needTools } from '../support/tools';
import { clonePrefix, prepareWindowsRuntime, removePrefix, startWindowsExporter } from '../support/wine';
import type { WindowsExporter, WindowsRuntime } from '../support/wine';

const skip = needTools('wine');
const fakeDir = mkdtempSync(join(tmpdir(), 'hostwatch-wine-faketime-'));

describe('timesync and restart gaps in node.exe under Wine', { skip }, () => {
  let runtime: WindowsRuntime;
  let prefix: string;
  let exporter: WindowsExporter | undefined;

  before(() => {
    runtime = prepareWindowsRuntime();
    prefix = clonePrefix();
  });
  after(async () => {
    await exporter?.signal('SIGKILL');
    if (prefix) removePrefix(prefix);
    rmSync(fakeDir, { recursive: true, force: true });
  });

  test('timesync succeeds with the inputs Wine has and reports the missing ones', async () => {
    exporter = await startWindowsExporter(runtime, prefix);
    const text = await exporter.scrape();
    const value = (series: string) => sampleValue(text, series);
    assert.equal(value('hostwatch_collector_success{collector="timesync"}'), 1, exporter.log());
    for (const input of ['registry', 'service', 'time_adjustment']) {
      assert.equal(value(`hostwatch_timesync_input_available{input="${input}"}`), 1, input);
    }
    for (const input of ['pdh', 'eventlog']) {
      assert.equal(value(`hostwatch_timesync_input_available{input="${input}"}`), 0, input);
    }
    assert.equal(value('hostwatch_timesync_synchronized'), 0, 'no W32Time service in Wine');
    assert.equal(value('hostwatch_timesync_service_running'), 0);
    assert.equal(value('hostwatch_timesync_frequency_adjustment_ratio'), 1);
    assert.equal(value('hostwatch_timesync_ntp_sources'), undefined, 'no counter: absent, not 0');
    assert.equal(value('hostwatch_clock_steps_total{source="restart_gap",direction="forward"}'), 0);
    assert.match(exporter.log(), /no previous clock state.*ProgramData/);
  });

  test('a restart in the same boot compares with the saved state (QPC rule) and counts no step', async () => {
    await exporter?.signal('SIGINT');
    exporter = await startWindowsExporter(runtime, prefix);
    const text = await exporter.scrape();
    assert.match(exporter.log(), /compared clock with the previous run/);
    assert.equal(
      sampleValue(text, 'hostwatch_clock_steps_total{source="restart_gap",direction="forward"}'),
      0,
      exporter.log(),
    );
    assert.equal(
      sampleValue(text, 'hostwatch_clock_steps_total{source="restart_gap",direction="backward"}'),
      0,
    );
  });

  test(
    "a step while stopped counts once on Windows too (libfaketime moves Wine's wall clock, not QPC)",
    { skip: needTools(LIBFAKETIME) },
    async () => {
      await exporter?.signal('SIGINT');
      const fakeTime = join(fakeDir, 'faketime');
      writeFileSync(fakeTime, '+60s');
      // startWindowsExporter passes process.env to wine; this file runs in its own process.
      Object.assign(process.env, {
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
        FAKETIME_TIMESTAMP_FILE: fakeTime,
        FAKETIME_NO_CACHE: '1',
      });
      try {
        exporter = await startWindowsExporter(runtime, prefix);
      } finally {
        for (const key of [
          'LD_PRELOAD',
          'FAKETIME_DONT_FAKE_MONOTONIC',
          'FAKETIME_TIMESTAMP_FILE',
          'FAKETIME_NO_CACHE',
        ]) {
          delete process.env[key];
        }
      }
      const text = await exporter.scrape();
      const series = (direction: string) =>
        sampleValue(text, `hostwatch_clock_steps_total{source="restart_gap",direction="${direction}"}`);
      assert.deepEqual([series('forward'), series('backward')], [1, 0], exporter.log());
    },
  );
});
