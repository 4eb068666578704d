// The built exporter on this host: topology and timer families in a real scrape (checked
// by promtool), the sleep probe's histogram filling, an affinity set with taskset and a
// timer slack injected before exec showing up in /metrics.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { after, before, test } from 'node:test';
import { buildHelper, removeHelpers } from '../support/native';
import { sampleValue, sleep, startExporter, type RunningExporter } from '../support/exporter';
import { needTools } from '../support/tools';

let exporter: RunningExporter;
before(async () => {
  exporter = await startExporter([
    '--collector.timer.probe-interval=1s',
    '--collector.timer.probe-samples=5',
  ]);
});
after(async () => {
  await exporter.stop();
  removeHelpers();
});

async function scrapeWhen(ex: RunningExporter, ready: (text: string) => boolean): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = await ex.scrape();
    if (ready(text)) return text;
    await sleep(100);
  }
  throw new Error('condition not met after 100 scrapes');
}

test('topology families match the host', async () => {
  const text = await exporter.scrape();
  const online = Number(execFileSync('getconf', ['_NPROCESSORS_ONLN'], { encoding: 'utf8' }));
  assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="topology"}'), 1);
  assert.equal(sampleValue(text, 'hostwatch_cpu_groups'), 1);
  assert.equal(sampleValue(text, 'hostwatch_cpu_logical_processors'), online);
  assert.equal(sampleValue(text, 'hostwatch_cpu_group_logical_processors{group="0",state="active"}'), online);
  assert.equal(sampleValue(text, 'hostwatch_process_cpu_groups_allowed'), 1);
  assert.equal(
    sampleValue(text, 'hostwatch_process_cpu_affinity_logical_processors'),
    availableParallelism(),
  );
  assert.ok((sampleValue(text, 'hostwatch_cpu_numa_nodes') ?? 0) >= 1);
});

test('timer families: resolution at scrape time, absent kinds absent, probe histogram filling', async () => {
  const text = await scrapeWhen(
    exporter,
    (t) => (sampleValue(t, 'hostwatch_timer_sleep_overshoot_seconds_count') ?? 0) >= 10,
  );
  assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="timer"}'), 1);
  assert.ok((sampleValue(text, 'hostwatch_timer_resolution_seconds{kind="current"}') ?? 0) > 0);
  assert.equal(sampleValue(text, 'hostwatch_timer_resolution_seconds{kind="finest"}'), undefined);
  assert.ok((sampleValue(text, 'hostwatch_timer_slack_seconds') ?? 0) > 0);
  const count = sampleValue(text, 'hostwatch_timer_sleep_overshoot_seconds_count') ?? 0;
  assert.equal(count % 5, 0, 'whole rounds of 5 sleeps');
  assert.ok((sampleValue(text, 'hostwatch_timer_sleep_overshoot_seconds_sum') ?? -1) >= 0);
  assert.ok((sampleValue(text, 'hostwatch_collector_last_sample_age_seconds{collector="timer"}') ?? 99) < 10);
});

test('promtool accepts the exposition', { skip: needTools('promtool') }, async () => {
  const run = spawnSync('promtool', ['check', 'metrics'], {
    input: await exporter.scrape(),
    encoding: 'utf8',
  });
  const problems = `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((l) => /hostwatch_(cpu|process_cpu|timer)/.test(l));
  assert.deepEqual(problems, []);
});

test('an exporter pinned to one CPU reports an affinity of 1', { skip: needTools('taskset') }, async () => {
  const pinned = await startExporter(['--no-collector.timer'], {}, 15_000, ['taskset', '-c', '0']);
  try {
    const text = await pinned.scrape();
    assert.equal(sampleValue(text, 'hostwatch_process_cpu_affinity_logical_processors'), 1);
  } finally {
    await pinned.stop();
  }
});

test('a timer slack set before exec is exported', { skip: needTools('gcc') }, async () => {
  const setslack = buildHelper('setslack');
  const slack = await startExporter(['--no-collector.topology'], {}, 15_000, [setslack, '3000000']);
  try {
    assert.equal(sampleValue(await slack.scrape(), 'hostwatch_timer_slack_seconds'), 0.003);
  } finally {
    await slack.stop();
  }
});
