// The timesync collector in the real exporter on this host, and promtool's view of it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sampleValue, startExporter, type RunningExporter } from '../support/exporter';
import { LIBFAKETIME, needTools } from '../support/tools';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-timesync-e2e-'));
let exporter: RunningExporter;
before(async () => {
  exporter = await startExporter([`--storage.path=${dir}`]);
});
after(async () => {
  await exporter.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('timesync succeeds and reports its inputs, the verdict and the kernel step counters', async () => {
  const text = await exporter.scrape();
  assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="timesync"}'), 1);
  for (const input of ['adjtimex', 'daemon', 'timerfd']) {
    assert.equal(sampleValue(text, `hostwatch_timesync_input_available{input="${input}"}`), 1, input);
  }
  assert.doesNotMatch(text, /input="clocksource"/, 'the clocksource is read by the clock collector');
  assert.ok([0, 1].includes(sampleValue(text, 'hostwatch_timesync_synchronized') ?? -1));
  assert.equal(sampleValue(text, 'hostwatch_clock_steps_total{source="kernel",direction="forward"}'), 0);
  assert.ok((sampleValue(text, 'hostwatch_timesync_max_error_seconds') ?? -1) >= 0);
  assert.equal(sampleValue(text, 'hostwatch_timesync_ntp_sources'), undefined, 'Windows-only: absent');
});

test('the kernel clocksource is exported once, by the clock collector, as sysfs names it now', async () => {
  const text = await exporter.scrape();
  const current = readFileSync(
    '/sys/devices/system/clocksource/clocksource0/current_clocksource',
    'utf8',
  ).trim();
  const series = text
    .split('\n')
    .filter((line) => /clocksource|clock_source/.test(line) && !line.startsWith('#'));
  assert.deepEqual(series, [`hostwatch_clock_source_info{source="${current}"} 1`]);
});

test('promtool accepts the exposition', { skip: needTools('promtool') }, async () => {
  const text = await exporter.scrape();
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  const problems = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => /hostwatch_(timesync|clock_step)/.test(line));
  assert.deepEqual(problems, []);
});

test(
  'under libfaketime the timerfd still arms (timerfd_settime is not broken by it)',
  { skip: needTools(LIBFAKETIME) },
  async () => {
    const faked = await startExporter([`--storage.path=${dir}`, '--no-collector.clock'], {
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME: '+3d',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    });
    try {
      const text = await faked.scrape();
      assert.equal(
        sampleValue(text, 'hostwatch_timesync_input_available{input="timerfd"}'),
        1,
        faked.logs.join('\n'),
      );
    } finally {
      await faked.stop();
    }
  },
);
