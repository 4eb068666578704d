// The real Linux inputs of the timesync collector on this machine: adjtimex, sysfs,
// /proc and a CANCEL_ON_SET timerfd. Nothing here sets the clock.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadKoffi } from '../../src/platform/koffi';
import { libc } from '../../src/platform/linux/libc';
import { decodeTimex, TIMEX_OFFSETS, TIMEX_SIZE, timexLayout } from '../../src/platform/linux/timex';
import { linuxTimesyncBackend, TimeDaemonFinder } from '../../src/collectors/timesync/linux';
import { ClockSetWatcher } from '../../src/collectors/timesync/linux-clock-set';
import { parseTimex, STA_UNSYNC, TIME_ERROR } from '../../src/collectors/timesync/parse';
import { stopChild, sleep } from '../support/exporter';

const errors: string[] = [];
const backend = linuxTimesyncBackend({
  pollIntervalSeconds: 1,
  onError: (input, error) => errors.push(`${input}: ${error.message}`),
});
const tmp = mkdtempSync(join(tmpdir(), 'hostwatch-timesync-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the offsets the pure decoder uses are the C layout of struct timex', () => {
  const koffi = loadKoffi();
  const layout = timexLayout();
  assert.equal(koffi.sizeof(layout), TIMEX_SIZE);
  for (const [field, offset] of Object.entries(TIMEX_OFFSETS)) {
    assert.equal(koffi.offsetof(layout, field), offset, field);
  }
});

test('real adjtimex: the pure decoder agrees with koffi decoding the same struct', () => {
  const buf = Buffer.alloc(TIMEX_SIZE);
  const state = libc().adjtimex(buf) as number;
  assert.ok(state >= 0 && state <= TIME_ERROR, `clock state ${state}`);
  assert.equal(buf.readUInt32LE(0), 0, 'modes stayed 0: nothing was set');
  const byKoffi = loadKoffi().decode(buf, timexLayout()) as Record<string, number>;
  const t = parseTimex(decodeTimex(buf, state));
  assert.equal(t.status, byKoffi['status']);
  assert.equal(t.maxErrorSeconds, (byKoffi['maxerror'] ?? NaN) / 1e6);
  assert.equal(t.estimatedErrorSeconds, (byKoffi['esterror'] ?? NaN) / 1e6);
  assert.ok(t.maxErrorSeconds >= 0 && t.maxErrorSeconds <= 16, `maxerror ${t.maxErrorSeconds}`);
  assert.ok(Math.abs(t.frequencyRatio - 1) < 0.1, `ratio ${t.frequencyRatio}`);
  assert.equal(state === TIME_ERROR, (t.status & STA_UNSYNC) !== 0, 'TIME_ERROR goes with STA_UNSYNC');
});

test('the backend reads adjtimex and /proc on this host', () => {
  const r = backend.read();
  assert.deepEqual(r.inputs, { adjtimex: true, daemon: true }, errors.join('; '));
  assert.ok(r.linuxKernel, 'kernel sync state');
  assert.equal(typeof r.serviceRunning, 'boolean');
});

test('a running process named chronyd is found as the time daemon; a miss is remembered', async () => {
  const finder = new TimeDaemonFinder(60_000);
  const before = finder.find();
  const fake = join(tmp, 'chronyd');
  copyFileSync('/bin/sleep', fake);
  const child = spawn(fake, ['30'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => child.once('spawn', resolve));
    if (before.name === undefined) {
      // No daemon on this host: the miss is remembered, so no rescan per scrape.
      assert.equal(finder.find().name, undefined);
    }
    assert.equal(new TimeDaemonFinder(0).find().name, before.name ?? 'chronyd');
    const fresh = linuxTimesyncBackend({ pollIntervalSeconds: 1, onError: () => undefined });
    const r = fresh.read();
    assert.equal(r.serviceRunning, true);
    assert.deepEqual(r.source, { type: before.name ?? 'chronyd', server: '' });
  } finally {
    await stopChild(child);
  }
});

test('timerfd: armed with CANCEL_ON_SET, a far-future timer polls idle', () => {
  const watcher = new ClockSetWatcher();
  watcher.open();
  try {
    for (let i = 0; i < 3; i++) {
      const { outcome, stepSeconds } = watcher.poll();
      assert.deepEqual(outcome, { kind: 'idle' });
      assert.equal(stepSeconds, undefined);
    }
  } finally {
    watcher.close();
  }
});

test('timerfd: a timer armed just ahead expires normally and is read as an expiry, not a set', async () => {
  const watcher = new ClockSetWatcher();
  const ts = Buffer.alloc(16);
  libc().clock_gettime(0, ts);
  const nowNs = ts.readBigInt64LE(0) * 1_000_000_000n + ts.readBigInt64LE(8);
  watcher.open(nowNs + 20_000_000n);
  try {
    let outcome = watcher.poll().outcome;
    // Waits for the expiry; bounded so a broken timer fails instead of hanging.
    for (let i = 0; i < 500 && outcome.kind === 'idle'; i++) {
      await sleep(10);
      outcome = watcher.poll().outcome;
    }
    assert.deepEqual(outcome, { kind: 'expired', expirations: 1n });
    assert.deepEqual(watcher.poll().outcome, { kind: 'idle' }, 'one-shot: nothing more');
  } finally {
    watcher.close();
  }
});

test('the background watcher starts, reports timerfd available and no step on an unset clock', () => {
  backend.start();
  try {
    assert.deepEqual(backend.watcherInputs(), { timerfd: true });
    assert.deepEqual(backend.drain(), { steps: [], events: [] });
  } finally {
    backend.stop();
  }
  assert.deepEqual(backend.watcherInputs(), { timerfd: false });
});
