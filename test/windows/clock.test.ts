// The Windows clock backend against the real kernel32 (Wine's under CI): QPC, hrtime,
// precise and coarse FILETIME wall time. Runs inside node.exe (scripts/windows-test.sh).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { observeGranularityNs } from '../../src/collectors/clock/granularity';
import { windowsClockBackend } from '../../src/collectors/clock/windows';
import { kernel32 } from '../../src/platform/windows/kernel32';
import { fileTimeToUnixNs, qpcFrequency, qpcTicks } from '../../src/platform/windows/time';

const WINDOWS_ONLY = process.platform !== 'win32' && 'runs inside node.exe (scripts/windows-test.sh)';

/** QPC through the platform wrappers, which throw when the call returns FALSE. */
function readQpc(fn: 'QueryPerformanceCounter' | 'QueryPerformanceFrequency'): bigint {
  return fn === 'QueryPerformanceCounter' ? qpcTicks() : BigInt(qpcFrequency());
}

/** QPC ticks to nanoseconds the way libuv's uv_hrtime does: whole seconds, then the rest. */
function qpcToNs(ticks: bigint, frequency: bigint): bigint {
  return (ticks / frequency) * 1_000_000_000n + ((ticks % frequency) * 1_000_000_000n) / frequency;
}

describe('QueryPerformanceCounter', { skip: WINDOWS_ONLY }, () => {
  test('the frequency is positive, fixed, and what the backend reports', () => {
    const frequency = readQpc('QueryPerformanceFrequency');
    assert.ok(frequency > 0n, `QPC frequency ${frequency}`);
    assert.equal(readQpc('QueryPerformanceFrequency'), frequency);
    const backend = windowsClockBackend();
    assert.equal(backend.monotonicFrequencyHz, Number(frequency));
    assert.equal(backend.reportedResolutions().monotonic, 1 / Number(frequency));
  });

  test('never goes backwards over 100000 reads and advances across a sleep', async () => {
    let last = readQpc('QueryPerformanceCounter');
    const first = last;
    for (let i = 0; i < 100_000; i++) {
      const now = readQpc('QueryPerformanceCounter');
      assert.ok(now >= last, `QPC went back from ${last} to ${now} at read ${i}`);
      last = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(readQpc('QueryPerformanceCounter') > first);
  });

  test('process.hrtime.bigint() is QPC in nanoseconds (libuv uv_hrtime)', () => {
    const frequency = readQpc('QueryPerformanceFrequency');
    // Each way round: a QPC read lies between two hrtime reads, and an hrtime read lies
    // between two QPC reads. Any other clock, or an offset, breaks one of the two.
    for (let i = 0; i < 1000; i++) {
      const before = process.hrtime.bigint();
      const qpcNs = qpcToNs(readQpc('QueryPerformanceCounter'), frequency);
      const after = process.hrtime.bigint();
      assert.ok(before <= qpcNs && qpcNs <= after, `QPC ${qpcNs} ns outside hrtime [${before}, ${after}]`);
      const qpcBefore = qpcToNs(readQpc('QueryPerformanceCounter'), frequency);
      const hrtime = process.hrtime.bigint();
      const qpcAfter = qpcToNs(readQpc('QueryPerformanceCounter'), frequency);
      assert.ok(
        qpcBefore <= hrtime && hrtime <= qpcAfter,
        `hrtime ${hrtime} outside QPC [${qpcBefore}, ${qpcAfter}]`,
      );
    }
  });

  test('hrtime and QPC advance at the same rate', async () => {
    const frequency = readQpc('QueryPerformanceFrequency');
    const q0 = readQpc('QueryPerformanceCounter');
    const h0 = process.hrtime.bigint();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const h1 = process.hrtime.bigint();
    const q1 = readQpc('QueryPerformanceCounter');
    const qpcElapsedNs = Number(qpcToNs(q1, frequency) - qpcToNs(q0, frequency));
    const hrElapsedNs = Number(h1 - h0);
    // hrtime's interval lies inside QPC's, so they differ by at most the two read gaps.
    assert.ok(hrElapsedNs <= qpcElapsedNs, `hrtime ${hrElapsedNs} ns > QPC ${qpcElapsedNs} ns`);
    assert.ok(Math.abs(hrElapsedNs / qpcElapsedNs - 1) < 0.01, `rates ${hrElapsedNs} vs ${qpcElapsedNs} ns`);
  });
});

describe('wall clocks (FILETIME)', { skip: WINDOWS_ONLY }, () => {
  test('the FILETIME epoch conversion', () => {
    assert.equal(fileTimeToUnixNs(116_444_736_000_000_000n), 0n);
    assert.equal(fileTimeToUnixNs(116_444_736_000_000_001n), 100n);
  });

  test('precise wall time agrees with Date.now()', () => {
    const backend = windowsClockBackend();
    const before = BigInt(Date.now()) * 1_000_000n;
    const wall = backend.wallNs();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    // Date.now() is read from the system time too, truncated to the millisecond.
    assert.ok(before - 16_000_000n <= wall && wall <= after + 16_000_000n, `${before} ${wall} ${after}`);
  });

  // The backend reads the out-parameters through koffi's typed boxes; raw buffers filled
  // with a sentinel show what the API really writes. A DWORD declared as a WORD would
  // hand back a truncated period (and let the API overrun koffi's 2-byte box).
  test('GetSystemTimeAdjustment: the declared out-parameter widths match the API', () => {
    const [adjustment, increment, disabled] = [0, 1, 2].map(() => Buffer.alloc(8, 0xff)) as [
      Buffer,
      Buffer,
      Buffer,
    ];
    assert.ok(kernel32().GetSystemTimeAdjustment(adjustment, increment, disabled));
    for (const written of [adjustment, increment, disabled]) {
      assert.equal(written.readUInt32LE(4), 0xffffffff, 'the API writes 4 bytes (DWORD, DWORD, BOOL)');
    }
    assert.ok([0, 1].includes(disabled.readUInt32LE(0)), 'BOOL disabled is 0 or 1');
    const periodSeconds = increment.readUInt32LE(0) * 100e-9;
    assert.equal(windowsClockBackend().reportedResolutions().wall_coarse, periodSeconds);
  });

  test('coarse wall time trails precise wall time by at most one clock interrupt', () => {
    const backend = windowsClockBackend();
    const interruptNs = BigInt(Math.round(backend.reportedResolutions().wall_coarse * 1e9));
    assert.ok(interruptNs > 0n, 'GetSystemTimeAdjustment reports a clock interrupt period');
    for (let i = 0; i < 1000; i++) {
      const precise = backend.wallNs();
      const coarse = backend.wallCoarseNs();
      const preciseAfter = backend.wallNs();
      assert.ok(coarse <= preciseAfter, `coarse ${coarse} is ahead of precise ${preciseAfter}`);
      assert.ok(
        precise - coarse <= interruptNs,
        `coarse trails by ${precise - coarse} ns > ${interruptNs} ns`,
      );
    }
  });

  // Coarse is not always coarse: wine 8 serves GetSystemTimeAsFileTime from
  // CLOCK_REALTIME when the host's CLOCK_REALTIME_COARSE is coarser than 1 ms (HZ=250
  // here), so under Wine both clocks tick in 100 ns units and which one looks finer in a
  // short observation is noise. On Windows coarse moves once per clock interrupt.
  test('resolutions: precise is sub-millisecond, coarse within one clock interrupt, both in FILETIME units', () => {
    const backend = windowsClockBackend();
    const reported = backend.reportedResolutions();
    assert.equal(reported.wall, 100e-9);
    const precise = observeGranularityNs(backend.wallNs);
    const coarse = observeGranularityNs(backend.wallCoarseNs);
    assert.ok(precise !== undefined && coarse !== undefined, `observed ${precise} / ${coarse} ns`);
    assert.equal(precise % 100, 0, `precise granularity ${precise} ns is not whole 100 ns units`);
    assert.equal(coarse % 100, 0, `coarse granularity ${coarse} ns is not whole 100 ns units`);
    if (coarse >= 500_000) assert.ok(precise < coarse, `precise ${precise} ns vs coarse ${coarse} ns`);
    assert.ok(precise < 1_000_000, `precise granularity ${precise} ns is not sub-millisecond`);
    assert.ok(
      coarse <= reported.wall_coarse * 1e9,
      `coarse ${coarse} ns > interrupt ${reported.wall_coarse} s`,
    );
  });
});
