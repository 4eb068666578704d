// Runs inside node.exe under Wine (or on Windows): NtQueryTimerResolution, the system
// time increment, Sleep(1) on the probe's worker thread, and the collector.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { timerCollector } from '../../src/collectors/timer';
import { SleepProbe } from '../../src/collectors/timer/probe';
import { windowsTimerBackend } from '../../src/collectors/timer/windows';
import { ntdll } from '../../src/platform/windows/ntdll';
import { createLogger } from '../../src/log';

const skip = process.platform !== 'win32' && 'runs in node.exe under Wine';

test('NtQueryTimerResolution: finest <= current <= coarsest, in seconds', { skip }, () => {
  const r = windowsTimerBackend().read();
  const { finest, current, coarsest } = r;
  assert.ok(finest !== undefined && current !== undefined && coarsest !== undefined);
  // NT's "minimum resolution" is the coarsest interval: swapped out-parameters fail here.
  assert.ok(finest < coarsest, `finest ${finest} < coarsest ${coarsest}`);
  assert.ok(finest <= current && current <= coarsest, `current ${current}`);
  assert.ok(finest >= 1e-4 && coarsest <= 0.1, 'within what any Windows timer does (0.1 ms .. 100 ms)');
  assert.ok((r.coarseClock ?? 0) > 0, 'GetSystemTimeAdjustment increment');
  assert.equal(r.slack, undefined, 'no timer slack on Windows: absent');
});

// Raw buffers filled with a sentinel show what the API really writes: a ULONG declared
// as a WORD would hand back truncated periods (and let the API overrun koffi's box).
test('NtQueryTimerResolution: the declared out-parameter widths match the API', { skip }, () => {
  const raw = [0, 1, 2].map(() => Buffer.alloc(8, 0xff)) as [Buffer, Buffer, Buffer];
  assert.equal(ntdll().NtQueryTimerResolution(...raw), 0, 'STATUS_SUCCESS');
  for (const written of raw) assert.equal(written.readUInt32LE(4), 0xffffffff, 'the API writes 4 bytes');
  const [coarsest, finest] = raw.map((b) => b.readUInt32LE(0) * 100e-9);
  const r = windowsTimerBackend().read();
  assert.deepEqual([r.coarsest, r.finest], [coarsest, finest], 'the backend reads the same values');
});

test('Sleep(1) on the worker: plausible lateness', { skip }, async () => {
  const probe = new SleepProbe('windows');
  try {
    const reply = await probe.round(20);
    assert.equal(reply.lateness.length, 20);
    // Sleep(1) returns on a timer tick: never much before 1 ms, and within a second.
    for (const l of reply.lateness) assert.ok(l > -0.001 && l < 1, `lateness ${l}`);
  } finally {
    await probe.stop();
  }
});

test('the collector: resolution kinds and a histogram fed by the probe', { skip }, async () => {
  const registry = new Registry();
  const collector = timerCollector.create(
    { registers: [registry], logger: createLogger('error', 'json'), platform: 'windows' },
    { enabled: true, timeout: 5, probe_interval: 60, probe_samples: 5 },
  );
  collector.start?.();
  try {
    while (!collector.isReady()) await new Promise((r) => setTimeout(r, 50));
    await collector.update(new AbortController().signal);
    const text = await registry.metrics();
    for (const kind of ['current', 'finest', 'coarsest', 'coarse_clock']) {
      assert.match(text, new RegExp(`^hostwatch_timer_resolution_seconds\\{kind="${kind}"\\} 0\\.\\d+`, 'm'));
    }
    assert.match(text, /^hostwatch_timer_sleep_overshoot_seconds_count 5$/m);
    assert.doesNotMatch(text, /^hostwatch_timer_slack_seconds /m);
  } finally {
    await collector.stop?.();
  }
});
