// The collector's bookkeeping (inputs, verdict, findings, failure rule) with a stub
// backend: pure logic. The real backends are tested in test/linux and test/windows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { TimesyncCollector } from '../../src/collectors/timesync';
import type { Findings, TimesyncBackend, TimesyncReading } from '../../src/collectors/timesync/types';
import { createLogger } from '../../src/log';
import { sampleValue } from '../support/exporter';

const options = { enabled: true, timeout: 5, max_offset: 0.1, poll_interval: 1 };

function collectorWith(readings: TimesyncReading[], findings: Findings[] = []) {
  const registry = new Registry();
  const lines: string[] = [];
  const logger = createLogger('info', 'json');
  logger.on('data', (info: { message: string; input?: string }) =>
    lines.push(`${info.message} ${info.input ?? ''}`),
  );
  let errorSink: (input: string, error: Error) => void = () => undefined;
  const backend: TimesyncBackend = {
    read: () => {
      const r = readings.shift() ?? { inputs: {} };
      for (const [input, ok] of Object.entries(r.inputs)) if (!ok) errorSink(input, new Error('missing'));
      return r;
    },
    start: () => undefined,
    drain: () => findings.shift() ?? { steps: [], events: [] },
    watcherInputs: () => ({ timerfd: true }),
    stop: () => undefined,
  };
  const collector = new TimesyncCollector(
    { registers: [registry], logger, platform: 'linux' },
    options,
    (onError) => {
      errorSink = onError;
      return backend;
    },
  );
  collector.start();
  return { collector, registry, lines };
}

const linuxReading: TimesyncReading = {
  linuxKernel: { clockState: 0, status: 0x2000 },
  maxErrorSeconds: 0.01,
  inputs: { adjtimex: true, daemon: false },
};

test('readings become series; a missing input is 0 and logged once, not per scrape', async () => {
  const { collector, registry, lines } = collectorWith([linuxReading, linuxReading]);
  collector.update();
  collector.update();
  const text = await registry.metrics();
  assert.equal(sampleValue(text, 'hostwatch_timesync_synchronized'), 1);
  assert.equal(sampleValue(text, 'hostwatch_timesync_max_error_seconds'), 0.01);
  assert.equal(sampleValue(text, 'hostwatch_timesync_input_available{input="daemon"}'), 0);
  assert.equal(sampleValue(text, 'hostwatch_timesync_input_available{input="timerfd"}'), 1);
  assert.equal(sampleValue(text, 'hostwatch_timesync_service_running'), undefined, 'unknown: absent');
  assert.deepEqual(
    lines.filter((l) => l.startsWith('time-sync input unavailable')),
    ['time-sync input unavailable daemon'],
  );
});

test('OS-reported steps and events are counted with direction and size', async () => {
  const { collector, registry } = collectorWith(
    [linuxReading],
    [
      {
        steps: [
          { source: 'kernel', seconds: -0.25 },
          { source: 'kernel', seconds: 3 },
        ],
        events: [{ provider: 'Microsoft-Windows-Time-Service', eventId: 35 }],
      },
    ],
  );
  collector.update();
  const text = await registry.metrics();
  assert.equal(sampleValue(text, 'hostwatch_clock_steps_total{source="kernel",direction="backward"}'), 1);
  assert.equal(sampleValue(text, 'hostwatch_clock_steps_total{source="kernel",direction="forward"}'), 1);
  assert.equal(sampleValue(text, 'hostwatch_clock_step_seconds_sum{source="kernel"}'), 3.25);
  assert.equal(
    sampleValue(
      text,
      'hostwatch_timesync_events_total{provider="Microsoft-Windows-Time-Service",event_id="35"}',
    ),
    1,
  );
});

test('the collector fails only when no scrape-time input answered', async () => {
  const { collector, registry } = collectorWith([{ inputs: { adjtimex: false, daemon: false } }]);
  assert.throws(() => collector.update(), /no time-sync input answered/);
  const text = await registry.metrics();
  assert.equal(sampleValue(text, 'hostwatch_timesync_input_available{input="adjtimex"}'), 0);
  assert.equal(sampleValue(text, 'hostwatch_timesync_synchronized'), undefined);
});
