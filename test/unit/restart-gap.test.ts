import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareAcrossRestart,
  fromRecord,
  toRecord,
  type GapReading,
} from '../../src/collectors/clock/restart-gap';

const S = 1_000_000_000n;
const reading = (
  bootId: string | undefined,
  monoS: bigint,
  offsetNs: bigint,
  widthNs = 1000,
): GapReading => ({
  bootId,
  monoNs: monoS * S,
  offsetNs,
  widthNs,
});

test('same boot, no step: the change stays within threshold + 500 ppm of the elapsed time', () => {
  const saved = reading('b1', 100n, 5n * S);
  // 1000 s later the clock was slewed by 400 ppm: 0.4 s, under 0.002 + 0.5 s.
  const v = compareAcrossRestart(saved, reading('b1', 1100n, 5n * S + 400_000_000n), 0.002);
  assert.equal(v.kind, 'same_boot');
  assert.equal(v.kind === 'same_boot' && v.stepSeconds, undefined);
});

test('same boot, forward and backward steps beyond the allowance are one step each', () => {
  const saved = reading('b1', 100n, 5n * S);
  const forward = compareAcrossRestart(saved, reading('b1', 130n, 35n * S), 0.002);
  assert.equal(forward.kind === 'same_boot' && forward.stepSeconds, 30);
  const backward = compareAcrossRestart(saved, reading('b1', 101n, 5n * S - 10_000_000n), 0.002);
  assert.equal(backward.kind === 'same_boot' && backward.stepSeconds, -0.01);
});

test('another boot is never compared', () => {
  const saved = reading('b1', 100n, 5n * S);
  assert.equal(compareAcrossRestart(saved, reading('b2', 130n, 99n * S), 0.002).kind, 'other_boot');
  assert.equal(compareAcrossRestart(saved, reading('b1', 50n, 5n * S), 0.002).kind, 'other_boot');
});

test('Windows (no boot id): the boot is told by the monotonic clock and the saved uptime', () => {
  const saved = reading(undefined, 3600n, 1_700_000_000n * S);
  // Rebooted: QPC restarted below the saved value.
  assert.equal(
    compareAcrossRestart(saved, reading(undefined, 60n, 1_700_003_700n * S), 0.002).kind,
    'other_boot',
  );
  // Rebooted and up longer than before: the derived boot time moved by more than the old uptime.
  assert.equal(
    compareAcrossRestart(saved, reading(undefined, 7200n, 1_700_005_000n * S), 0.002).kind,
    'other_boot',
  );
  // Same boot, stepped back 2 s and forward 120 s.
  const back = compareAcrossRestart(saved, reading(undefined, 3700n, 1_699_999_998n * S), 0.002);
  assert.equal(back.kind === 'same_boot' && back.stepSeconds, -2);
  const fwd = compareAcrossRestart(saved, reading(undefined, 3700n, 1_700_000_120n * S), 0.002);
  assert.equal(fwd.kind === 'same_boot' && fwd.stepSeconds, 120);
});

test('records round-trip exactly; anything else is rejected', () => {
  const r = reading('72caea12-44d1-41f8-9728-39adee837c7f', 781n, 1_795_604_130_598_560_971n, 6220);
  assert.deepEqual(fromRecord(JSON.parse(JSON.stringify(toRecord(r)))), r);
  const win = reading(undefined, 5n, -3n);
  assert.deepEqual(fromRecord(toRecord(win)), win);
  for (const bad of [null, 'x', {}, { ...toRecord(r), version: 2 }, { ...toRecord(r), mono_ns: 1.5 }]) {
    assert.equal(fromRecord(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(fromRecord({ ...toRecord(r), offset_ns: '12abc' }), undefined);
  assert.equal(fromRecord({ ...toRecord(r), width_ns: -1 }), undefined);
});
