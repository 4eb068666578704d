// The Windows timesync backend against the real advapi32, kernel32, pdh and wevtapi
// (Wine's under CI). Runs inside node.exe (scripts/windows-test.sh). Wine has no W32Time
// service, no W32Time registry key, no Windows Time Service counters and a stubbed
// event log: the test creates the key with reg.exe, and checks that the missing parts
// degrade to absent series and input_available 0 while the collector keeps succeeding.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { RestartTracker } from '../../src/collectors/clock/restart-tracker';
import { windowsClockBackend } from '../../src/collectors/clock/windows';
import { timesyncCollector } from '../../src/collectors/timesync';
import { windowsTimesyncBackend } from '../../src/collectors/timesync/windows';
import { W32TimeCounters } from '../../src/collectors/timesync/windows-pdh';
import { createLogger } from '../../src/log';
import { getSystemTimeAdjustmentPrecise } from '../../src/platform/windows/kernel32';

const WINDOWS_ONLY = process.platform !== 'win32' && 'runs inside node.exe (scripts/windows-test.sh)';
const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters';
const dir = WINDOWS_ONLY ? '' : mkdtempSync(join(tmpdir(), 'hostwatch-timesync-'));
const logger = createLogger('error', 'json');

function reg(...args: string[]): void {
  const result = spawnSync('reg.exe', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `reg ${args.join(' ')}: ${result.stdout}${result.stderr}`);
}

function backend(errors: string[] = []) {
  return windowsTimesyncBackend({
    stateDir: dir,
    onError: (input, error) => errors.push(`${input}: ${error.message}`),
    onNotice: () => undefined,
  });
}

describe('Windows timesync inputs', { skip: WINDOWS_ONLY }, () => {
  after(() => {
    spawnSync('reg.exe', ['delete', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time', '/f']);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the SCM: a W32Time service that exists but is stopped is read as not running', () => {
    const created = spawnSync(
      'sc.exe',
      ['create', 'W32Time', 'binpath=', 'C:\\windows\\system32\\svchost.exe'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(created.status, 0, `sc create: ${created.stdout}${created.stderr}`);
    try {
      const errors: string[] = [];
      const r = backend(errors).read();
      assert.deepEqual(errors, []);
      assert.equal(r.serviceRunning, false);
    } finally {
      // Deleting the service deletes its registry key too: this test runs first.
      spawnSync('sc.exe', ['delete', 'W32Time']);
    }
  });

  test('without the W32Time key: the registry answers "not configured", no source series', () => {
    spawnSync('reg.exe', ['delete', KEY, '/f']);
    const r = backend().read();
    assert.equal(r.inputs['registry'], true);
    assert.equal(r.source, undefined);
  });

  test('the real registry: Type and NtpServer from W32Time\\Parameters', () => {
    reg('add', KEY, '/v', 'Type', '/t', 'REG_SZ', '/d', 'ntp', '/f');
    reg('add', KEY, '/v', 'NtpServer', '/t', 'REG_SZ', '/d', 'time.windows.com,0x9 pool.ntp.org,0x8', '/f');
    const r = backend().read();
    assert.deepEqual(r.source, { type: 'NTP', server: 'time.windows.com pool.ntp.org' });
  });

  test('the SCM: a prefix without a W32Time service says not running, as an answer', () => {
    const r = backend().read();
    assert.equal(r.inputs['service'], true);
    assert.equal(r.serviceRunning, false);
    assert.deepEqual(r.windowsService, { serviceRunning: false, type: 'NTP' });
  });

  test('time adjustment: the precise call where exported, else GetSystemTimeAdjustment', () => {
    const precise = getSystemTimeAdjustmentPrecise();
    const r = backend().read();
    assert.equal(r.inputs['time_adjustment'], true);
    assert.ok(r.frequencyRatio !== undefined && Math.abs(r.frequencyRatio - 1) < 0.01, `${r.frequencyRatio}`);
    assert.equal(typeof r.adjustmentActive, 'boolean');
    process.stdout.write(
      `# GetSystemTimeAdjustmentPrecise ${precise ? 'exported' : 'missing: fallback used'}\n`,
    );
  });

  test('PDH Windows Time Service counters and the event log: absent, reported, not fatal', () => {
    const errors: string[] = [];
    const b = backend(errors);
    b.start();
    try {
      const r = b.read();
      const watchers = b.watcherInputs();
      if (!r.inputs['pdh']) {
        assert.equal(r.ntpSources, undefined);
        assert.equal(r.absoluteOffsetSeconds, undefined);
        assert.ok(
          errors.some((e) => e.startsWith('pdh: ')),
          errors.join('; '),
        );
      }
      if (!watchers['eventlog']) {
        assert.ok(
          errors.some((e) => e.startsWith('eventlog: ')),
          errors.join('; '),
        );
      }
      assert.deepEqual(b.drain(), { steps: [], events: [] });
      process.stdout.write(
        `# inputs ${JSON.stringify({ ...r.inputs, ...watchers })}; ${errors.join('; ')}\n`,
      );
    } finally {
      b.stop();
    }
  });

  test('the PDH read path (collect, format as double) on a counter Wine has', () => {
    const counters = new W32TimeCounters([['\\Processor(_Total)\\% Processor Time', 'ntpSources', 1]]);
    counters.open();
    try {
      counters.read(); // rate counters need two collections
      const value = counters.read().ntpSources;
      assert.ok(value !== undefined && value >= 0 && value <= 100, `% Processor Time ${value}`);
    } finally {
      counters.close();
    }
  });

  test('the collector succeeds with what it has and exposes which inputs answered', async () => {
    const registry = new Registry();
    const collector = timesyncCollector.create(
      { registers: [registry], logger, platform: 'windows', stateDir: dir },
      { enabled: true, timeout: 5, max_offset: 0.1, poll_interval: 1 },
    );
    collector.start?.();
    try {
      await collector.update(new AbortController().signal);
      const text = await registry.metrics();
      assert.match(text, /^hostwatch_timesync_synchronized 0$/m, 'W32Time is not running');
      assert.match(text, /^hostwatch_timesync_input_available\{input="registry"\} 1$/m);
      assert.match(text, /^hostwatch_timesync_input_available\{input="eventlog"\} [01]$/m);
      assert.match(
        text,
        /^hostwatch_timesync_source_info\{type="NTP",server="time.windows.com pool.ntp.org"\} 1$/m,
      );
      assert.match(text, /^hostwatch_clock_steps_total\{source="eventlog",direction="forward"\} 0$/m);
    } finally {
      await collector.stop?.();
    }
  });

  test('restart gap on Windows: the boot is told by QPC, a plain restart is no step', () => {
    const clock = windowsClockBackend();
    const read = () =>
      [0, 1, 2].map(() => {
        const monoBeforeNs = clock.monoNs();
        const wallNs = clock.wallNs();
        return { monoBeforeNs, wallNs, monoAfterNs: clock.monoNs() };
      });
    const settings = {
      stateDir: dir,
      bootId: clock.bootId(),
      thresholdSeconds: 0.002,
      saveIntervalSeconds: 10,
    };
    new RestartTracker(settings, logger).observe(read(), false);
    assert.equal(new RestartTracker(settings, logger).observe(read(), false), undefined);
  });
});
