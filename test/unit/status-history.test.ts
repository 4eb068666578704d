// The status page's history: a fixed ring (10 minutes at one row per tick), gauges as
// they are, counters as increases, histograms as the mean of new observations, a bounded
// number of series, and JSON with rows placed on the wall clock by monotonic spacing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  CAPACITY,
  History,
  type HistorySpec,
  INTERVAL_SECONDS,
  MAX_SERIES,
  reduce,
  type Sample,
  WINDOW_SECONDS,
} from '../../src/server/status/history';
import { HistoryRecorder } from '../../src/server/status/recorder';

const gaugeSpec: HistorySpec = { chart: 'g', family: 'g_seconds', derive: 'value', by: [] };
const rows = (...values: number[]) =>
  values.map((value) => new Map([['g_seconds', [{ labels: {}, value }]]]));

test('the ring holds 10 minutes of ticks and then drops the oldest', () => {
  assert.equal(CAPACITY, WINDOW_SECONDS / INTERVAL_SECONDS + 1);
  const h = new History([gaugeSpec]);
  const n = CAPACITY + 5;
  for (let i = 0; i < n; i++) h.record(i * 2000, rows(i)[0] as Map<string, Sample[]>);
  const json = h.toJSON(1_000_000, (n - 1) * 2000);
  assert.equal(json.timestamps.length, CAPACITY);
  assert.equal(json.series[0]?.values.length, CAPACITY);
  assert.equal(json.series[0]?.values[0], 5, 'the five oldest rows are gone');
  assert.equal(json.series[0]?.values.at(-1), n - 1);
  assert.equal(json.timestamps.at(-1), 1000, 'the newest row is now on the wall clock');
  assert.equal(json.timestamps[0], 1000 - (CAPACITY - 1) * 2, 'older rows are spaced by monotonic time');
});

test('counters become increases (a reset counts from 0) and histograms the mean of new observations', () => {
  const steps: HistorySpec = { chart: 's', family: 'c_total', derive: 'increase', by: ['d'] };
  const mean: HistorySpec = {
    chart: 'm',
    family: 'h_seconds',
    derive: 'mean',
    match: { p: 'total' },
    by: [],
  };
  const h = new History([steps, mean]);
  const tick = (c: number, sum: number, count: number) =>
    new Map<string, Sample[]>([
      ['c_total', [{ labels: { d: 'fwd' }, value: c }]],
      [
        'h_seconds',
        [
          { labels: { p: 'total', le: 1 }, value: count, metricName: 'h_seconds_bucket' },
          { labels: { p: 'total' }, value: sum, metricName: 'h_seconds_sum' },
          { labels: { p: 'total' }, value: count, metricName: 'h_seconds_count' },
          { labels: { p: 'bind' }, value: 99, metricName: 'h_seconds_sum' },
        ],
      ],
    ]);
  [tick(0, 0, 0), tick(2, 0.3, 2), tick(2, 0.3, 2), tick(1, 0.7, 3)].forEach((t, i) => h.record(i * 2000, t));
  const json = h.toJSON(0, 6000);
  const [c, m] = json.series;
  assert.deepEqual(c?.labels, { d: 'fwd' });
  assert.deepEqual(c?.values, [null, 2, 0, 1]);
  assert.deepEqual(
    m?.values.map((v) => (v === null ? null : +v.toFixed(6))),
    [null, 0.15, null, 0.4],
  );
});

test('series beyond MAX_SERIES are dropped and counted, not grown into', () => {
  const spec: HistorySpec = { chart: 't', family: 'g', derive: 'value', by: ['target'] };
  const h = new History([spec]);
  const samples = Array.from({ length: MAX_SERIES + 3 }, (_, i) => ({
    labels: { target: `t${i}` },
    value: i,
  }));
  h.record(0, new Map([['g', samples]]));
  const json = h.toJSON(0, 0);
  assert.equal(json.series.length, MAX_SERIES);
  assert.equal(json.dropped_series, 3);
});

test('reduce sums samples by the chosen labels and skips what does not match', () => {
  const spec: HistorySpec = { chart: 'x', family: 'f', derive: 'value', match: { a: '1' }, by: ['b'] };
  const out = reduce(spec, 'f', [
    { labels: { a: '1', b: 'x', c: 'p' }, value: 1 },
    { labels: { a: '1', b: 'x', c: 'q' }, value: 2 },
    { labels: { a: '2', b: 'x' }, value: 50 },
  ]);
  assert.deepEqual([...out], [['["x"]', [3, 0, 0]]]);
});

test('the recorder reads families from a registry, whoever registered them', async () => {
  const registry = new Registry();
  const g = new Gauge({
    name: 'hostwatch_clock_wall_minus_monotonic_seconds',
    help: 'h',
    registers: [registry],
  });
  const c = new Counter({
    name: 'hostwatch_clock_steps_total',
    help: 'h',
    labelNames: ['source', 'direction'],
    registers: [registry],
  });
  const hist = new Histogram({
    name: 'hostwatch_listen_duration_seconds',
    help: 'h',
    labelNames: ['target', 'phase'],
    buckets: [0.01],
    registers: [registry],
  });
  const recorder = new HistoryRecorder(registry);
  g.set(0.5);
  c.inc({ source: 'sampler', direction: 'forward' }, 0);
  await recorder.tick();
  g.set(1.5);
  c.inc({ source: 'sampler', direction: 'forward' });
  hist.observe({ target: 'a', phase: 'total' }, 0.004);
  hist.observe({ target: 'a', phase: 'bind' }, 9);
  await recorder.tick();
  hist.observe({ target: 'a', phase: 'total' }, 0.002);
  await recorder.tick();
  const json = recorder.toJSON();
  const byChart = Object.fromEntries(json.series.map((s) => [s.chart, s.values]));
  assert.deepEqual(byChart['offset'], [0.5, 1.5, 1.5]);
  assert.deepEqual(byChart['steps'], [null, 1, 0]);
  assert.deepEqual(byChart['listen'], [null, null, 0.002], 'first seen in row 2; bind is not total');
  assert.equal(byChart['drift'], undefined, 'a family nobody registered has no series');
});
