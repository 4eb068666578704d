import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  adjustmentRatio,
  findTimeDaemon,
  interpretTimerfdRead,
  normalizeW32TimeType,
  parseNtpServers,
  parseTimex,
  stepFromOffsets,
  STA_UNSYNC,
} from '../../src/collectors/timesync/parse';
import { decodeTimex } from '../../src/platform/linux/timex';
import { pdhDouble } from '../../src/platform/windows/pdh';
import { decodeRegSz } from '../../src/platform/windows/registry';
import { currentStateOf } from '../../src/platform/windows/scm-layout';
import { fixtureBytes, fixtureHex } from '../support/fixtures';

const timex = (name: string, state: number) =>
  parseTimex(decodeTimex(fixtureHex('timesync', `${name}.hex`), state));
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} != ${expected}`);

test('timex synced by chronyd (STA_NANO): offset in ns, freq scaled ppm, errors in us', () => {
  const t = timex('timex-synced-nano', 0);
  assert.equal(t.status, 0x2000);
  assert.equal(t.offsetSeconds, 0);
  close(t.frequencyRatio, 1 - 12.5e-6, 'ratio');
  close(t.maxErrorSeconds, 0.012, 'maxerror');
  close(t.estimatedErrorSeconds, 250e-6, 'esterror');
  assert.equal(t.adjusting, true, 'a non-zero freq is an adjustment');
});

test('timex from the ntpd kernel PLL without STA_NANO: offset in microseconds', () => {
  const t = timex('timex-synced-pll-usec', 1);
  close(t.offsetSeconds, -1500e-6, 'offset');
  close(t.frequencyRatio, 1 + 3.25e-6, 'ratio');
  assert.equal(t.clockState, 1);
});

test('timex with STA_NANO and a tick correction: both enter the ratio', () => {
  const t = timex('timex-tick-nano', 0);
  close(t.offsetSeconds, 750e-6, 'offset (750000 ns)');
  close(t.frequencyRatio, 1 + 1 / 10000, 'tick 10001 of 10000');
  assert.equal(t.adjusting, true);
});

test('timex unsynchronized: STA_UNSYNC, maxerror 16 s, nothing adjusting', () => {
  for (const name of ['timex-unsynced', 'timex-real-linux-unsynced']) {
    const t = timex(name, 5);
    assert.ok((t.status & STA_UNSYNC) !== 0, name);
    assert.equal(t.maxErrorSeconds, 16, name);
    assert.equal(t.frequencyRatio, 1, name);
    assert.equal(t.adjusting, false, name);
  }
});

test('time daemon from /proc comm names, including the 15-character cut', () => {
  assert.equal(findTimeDaemon(['bash\n', 'systemd-timesyn\n']), 'systemd-timesyncd');
  assert.equal(findTimeDaemon(['ntpd\n', 'chronyd\n']), 'chronyd', 'chronyd ranks first');
  assert.equal(findTimeDaemon(['ntpdate', 'chrony']), undefined, 'no partial matches');
});

test('registry REG_SZ values as RegGetValueW returns them', () => {
  const type = fixtureBytes('timesync', 'reg-type-ntp.bin');
  assert.equal(decodeRegSz(Buffer.concat([type, Buffer.alloc(32, 0x41)]), type.length), 'NTP');
  const lower = fixtureBytes('timesync', 'reg-type-nt5ds-lower.bin');
  assert.equal(normalizeW32TimeType(decodeRegSz(lower, lower.length)), 'NT5DS');
  assert.equal(normalizeW32TimeType('Custom'), 'Custom');
  const servers = fixtureBytes('timesync', 'reg-ntpserver-two.bin');
  assert.deepEqual(parseNtpServers(decodeRegSz(servers, servers.length)), [
    'time.windows.com',
    'pool.ntp.org',
  ]);
  assert.deepEqual(parseNtpServers('  '), []);
});

test('timerfd reads: EAGAIN idle, ECANCELED clock set, 8 bytes expiry, others errors', () => {
  const failed = (errno: number) => ({ bytes: -1, errno, expirations: 0n });
  assert.deepEqual(interpretTimerfdRead(failed(11)), { kind: 'idle' });
  assert.deepEqual(interpretTimerfdRead(failed(125)), { kind: 'clock_set' });
  assert.deepEqual(interpretTimerfdRead({ bytes: 8, errno: 0, expirations: 3n }), {
    kind: 'expired',
    expirations: 3n,
  });
  assert.deepEqual(interpretTimerfdRead(failed(9)), { kind: 'error', errno: 9 });
  assert.deepEqual(interpretTimerfdRead({ bytes: 4, errno: 0, expirations: 0n }), {
    kind: 'error',
    errno: -1,
  });
  assert.equal(stepFromOffsets(1_000_000_000n, 6_000_000_000n), 5);
  assert.equal(stepFromOffsets(1_000_000_000n, 999_900_000n), -0.0001);
});

test('Windows time adjustment, service state and PDH values', () => {
  assert.deepEqual(adjustmentRatio(156250, 156250, true), { ratio: 1, active: false });
  assert.deepEqual(adjustmentRatio(156251, 156250, false), { ratio: 156251 / 156250, active: true });
  assert.equal(adjustmentRatio(1, 0, false), undefined);
  const status = Buffer.alloc(28);
  status.writeUInt32LE(0x20, 0);
  status.writeUInt32LE(4, 4);
  assert.equal(currentStateOf(status), 4);
  const value = Buffer.alloc(16);
  value.writeDoubleLE(1234.5, 8);
  assert.equal(pdhDouble(value), 1234.5);
  value.writeUInt32LE(0xc0000bc6, 0);
  assert.equal(pdhDouble(value), undefined, 'a bad CStatus is no value');
});
