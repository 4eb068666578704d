// The clock sampler fed by the real Windows clocks (QPC through hrtime, and
// GetSystemTimePreciseAsFileTime): bracket widths, a consistent offset, and no step over
// a quiet stretch. Runs inside node.exe (scripts/windows-test.sh). Under Wine the
// figures printed as diagnostics describe Wine on this host, not Windows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClockSampler, MAX_SLEW_RATIO } from '../../src/collectors/clock/sampler';
import type { Bracket, ClockBackend, SampleOutcome } from '../../src/collectors/clock/types';
import { windowsClockBackend } from '../../src/collectors/clock/windows';

const WINDOWS_ONLY = process.platform !== 'win32' && 'runs inside node.exe (scripts/windows-test.sh)';
const FILETIME_UNIT_NS = 100n;

function readBracket(backend: ClockBackend): Bracket {
  const monoBeforeNs = backend.monoNs();
  const wallNs = backend.wallNs();
  return { monoBeforeNs, wallNs, monoAfterNs: backend.monoNs() };
}

const width = (b: Bracket) => b.monoAfterNs - b.monoBeforeNs;
const offset = (b: Bracket) => b.wallNs - (b.monoBeforeNs + width(b) / 2n);

describe('clock sampler on the real clocks', { skip: WINDOWS_ONLY }, () => {
  test('brackets are ordered, narrow, and pin one (wall - monotonic) offset', (t) => {
    const backend = windowsClockBackend();
    const brackets = Array.from({ length: 64 }, () => readBracket(backend));
    for (const b of brackets) assert.ok(width(b) >= 0n, `QPC went backwards inside a bracket`);
    const narrowest = brackets.reduce((a, b) => (width(b) < width(a) ? b : a));
    // The sampler needs brackets far narrower than its 2 ms step threshold.
    assert.ok(width(narrowest) < 1_000_000n, `narrowest of 64 brackets is ${width(narrowest)} ns`);
    // Every bracket sees the same offset up to half of each width and the 100 ns
    // quantization of FILETIME: a wrong epoch, unit or clock would scatter them.
    for (const b of brackets) {
      const spread = offset(b) - offset(narrowest);
      const allowed = (width(b) + width(narrowest)) / 2n + 2n * FILETIME_UNIT_NS;
      assert.ok(
        spread <= allowed && -spread <= allowed,
        `offset differs by ${spread} ns (allowed ${allowed})`,
      );
    }
    const widths = brackets.map((b) => Number(width(b))).sort((a, b) => a - b);
    t.diagnostic(`bracket width ns: min ${widths[0]}, median ${widths[32]}, max ${widths[63]}`);
  });

  test('a quiet stretch of 11 s at 100 ms: no step, and drift within the slew limit', async (t) => {
    const backend = windowsClockBackend();
    const sampler = new ClockSampler({ stepThresholdSeconds: 0.002, driftWindowSeconds: 20 });
    const outcomes: SampleOutcome[] = [];
    const started = backend.monoNs();
    while (backend.monoNs() - started < 11_000_000_000n) {
      const outcome = sampler.observe(Array.from({ length: 5 }, () => readBracket(backend)));
      assert.ok(outcome, 'every sample has a usable bracket');
      outcomes.push(outcome);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(outcomes.length >= 50, `only ${outcomes.length} samples in 11 s`);
    const steps = outcomes.filter((o) => o.step);
    assert.deepEqual(
      steps.map((o) => o.step),
      [],
      'the wall clock was not stepped, so no step may be reported',
    );
    const drift = outcomes.at(-1)?.driftRatio;
    assert.ok(drift !== undefined, 'a drift estimate after 10 s of a 20 s window');
    assert.ok(Math.abs(drift) < MAX_SLEW_RATIO, `drift ${drift} beyond what any time service slews`);
    const worst = Math.max(...outcomes.map((o) => o.uncertaintySeconds));
    t.diagnostic(
      `${outcomes.length} samples, drift ${(drift * 1e6).toFixed(2)} ppm, worst bracket ${worst} s`,
    );
  });
});
