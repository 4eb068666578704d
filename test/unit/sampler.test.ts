// The sampler's math on synthetic clocks: exact, deterministic, no OS involved.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClockSampler, narrowest } from '../../src/collectors/clock/sampler';
import type { Bracket, SampleOutcome } from '../../src/collectors/clock/types';

const NS = 1_000_000_000;
const EPOCH_NS = 1_790_000_000n * BigInt(NS);

/**
 * A synthetic host: monotonic time advances by the interval; wall = epoch + mono *
 * (1 + slew) + steps. Every bracket is `widthNs` wide around the wall read.
 */
class SyntheticHost {
  monoNs = 5_000n * BigInt(NS);
  private wallOffsetNs = 0;
  slew = 0;

  constructor(private readonly widthNs = 300) {}

  advance(seconds: number): void {
    this.monoNs += BigInt(Math.round(seconds * NS));
    this.wallOffsetNs += seconds * NS * this.slew;
  }
  step(seconds: number): void {
    this.wallOffsetNs += seconds * NS;
  }
  bracket(widthNs = this.widthNs): Bracket {
    const half = BigInt(Math.round(widthNs / 2));
    const wall = EPOCH_NS + this.monoNs + BigInt(Math.round(this.wallOffsetNs));
    return { monoBeforeNs: this.monoNs - half, wallNs: wall, monoAfterNs: this.monoNs + half };
  }
}

function run(host: SyntheticHost, sampler: ClockSampler, samples: number, interval = 1): SampleOutcome[] {
  const outcomes: SampleOutcome[] = [];
  for (let i = 0; i < samples; i++) {
    host.advance(interval);
    const o = sampler.observe([host.bracket()]);
    assert.ok(o);
    outcomes.push(o);
  }
  return outcomes;
}

const defaults = () => new ClockSampler({ stepThresholdSeconds: 0.002, driftWindowSeconds: 60 });
const steps = (outcomes: SampleOutcome[]) => outcomes.flatMap((o) => (o.step ? [o.step] : []));

describe('clock sampler', () => {
  test('a 500 ppm slew counts no step and is measured as drift', () => {
    const host = new SyntheticHost();
    host.slew = 500e-6;
    const sampler = defaults();
    const outcomes = run(host, sampler, 120);
    assert.deepEqual(steps(outcomes), []);
    const drift = outcomes.at(-1)?.driftRatio ?? NaN;
    assert.ok(Math.abs(drift - 500e-6) < 1e-8, `drift ${drift}`);
  });

  test('a -500 ppm slew at the fastest interval counts no step', () => {
    const host = new SyntheticHost();
    host.slew = -500e-6;
    assert.deepEqual(steps(run(host, defaults(), 600, 0.1)), []);
  });

  test('+5 s is one forward step of 5 s', () => {
    const host = new SyntheticHost();
    const sampler = defaults();
    run(host, sampler, 10);
    host.step(5);
    const found = steps(run(host, sampler, 10));
    assert.equal(found.length, 1);
    assert.ok(Math.abs((found[0]?.seconds ?? 0) - 5) < 1e-6);
  });

  test('-300 ms is one backward step of -300 ms', () => {
    const host = new SyntheticHost();
    const sampler = defaults();
    run(host, sampler, 10);
    host.step(-0.3);
    const found = steps(run(host, sampler, 10));
    assert.equal(found.length, 1);
    assert.ok(Math.abs((found[0]?.seconds ?? 0) + 0.3) < 1e-6);
  });

  test('every step of 5 ms is caught even against the fastest opposite slew', () => {
    for (const direction of [1, -1]) {
      const host = new SyntheticHost();
      host.slew = -direction * 500e-6;
      const sampler = defaults();
      run(host, sampler, 70);
      host.step(direction * 0.005);
      const found = steps(run(host, sampler, 5));
      assert.equal(found.length, 1, `direction ${direction}`);
      assert.equal(Math.sign(found[0]?.seconds ?? 0), direction);
    }
  });

  test('a step and its reversal between two scrapes are both counted', () => {
    // Scrapes every 15 s would see the same offset; the 1 s sampler sees both steps.
    const host = new SyntheticHost();
    const sampler = defaults();
    run(host, sampler, 5);
    host.step(2);
    const first = steps(run(host, sampler, 4));
    host.step(-2);
    const second = steps(run(host, sampler, 6));
    assert.deepEqual(
      [...first, ...second].map((s) => Math.round(s.seconds)),
      [2, -2],
    );
  });

  test('the offset change adds up the steps and starts at 0', () => {
    const host = new SyntheticHost();
    const sampler = defaults();
    const first = run(host, sampler, 3);
    assert.equal(first[0]?.offsetChangeSeconds, 0);
    host.step(2);
    run(host, sampler, 3);
    host.step(-0.5);
    const last = run(host, sampler, 3).at(-1)?.offsetChangeSeconds ?? NaN;
    assert.ok(Math.abs(last - 1.5) < 0.001, `offset change ${last}`);
  });

  test('a step and its reversal inside one sample interval are invisible to the sampler', () => {
    // Documented limit: the kernel source (timerfd) exists to catch this.
    const host = new SyntheticHost();
    const sampler = defaults();
    run(host, sampler, 5);
    host.advance(0.3);
    host.step(2);
    host.advance(0.3);
    host.step(-2);
    assert.deepEqual(steps(run(host, sampler, 5)), []);
  });

  test('noisy brackets: the narrowest wins and no false step is counted', () => {
    const host = new SyntheticHost();
    host.slew = 200e-6;
    const sampler = defaults();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const found: unknown[] = [];
    for (let i = 0; i < 300; i++) {
      host.advance(1);
      // Four brackets blown up by preemption (up to 50 ms), one tight one.
      const brackets = [1, 2, 3, 4].map(() => host.bracket(random() * 50e6));
      brackets.splice(Math.floor(random() * 4), 0, host.bracket(200 + random() * 800));
      const o = sampler.observe(brackets);
      if (o?.step) found.push(o.step);
      assert.ok((o?.uncertaintySeconds ?? 1) <= 1e-6);
    }
    assert.deepEqual(found, []);
  });

  test('a paused process (SIGSTOP, long GC) moves both clocks together: no step', () => {
    const host = new SyntheticHost();
    host.slew = 100e-6;
    const sampler = defaults();
    run(host, sampler, 70);
    host.advance(45); // stopped for 45 s; monotonic and wall both advanced
    assert.deepEqual(steps(run(host, sampler, 5)), []);
  });

  test('drift excludes steps', () => {
    const host = new SyntheticHost();
    host.slew = 100e-6;
    const sampler = defaults();
    run(host, sampler, 30);
    host.step(1.5);
    const outcomes = run(host, sampler, 40);
    assert.equal(steps(outcomes).length, 1);
    const drift = outcomes.at(-1)?.driftRatio ?? NaN;
    assert.ok(Math.abs(drift - 100e-6) < 1e-8, `drift ${drift}`);
  });

  test('drift is unknown until the window spans enough time', () => {
    const host = new SyntheticHost();
    const outcomes = run(host, defaults(), 3);
    assert.equal(outcomes.at(-1)?.driftRatio, undefined);
  });

  test('narrowest ignores inverted brackets and returns undefined when none is usable', () => {
    const inverted: Bracket = { monoBeforeNs: 10n, wallNs: 5n, monoAfterNs: 9n };
    assert.equal(narrowest([inverted]), undefined);
    const good: Bracket = { monoBeforeNs: 100n, wallNs: 1_000n, monoAfterNs: 140n };
    assert.deepEqual(narrowest([inverted, good]), { monoNs: 120n, offsetNs: 880n, widthNs: 40 });
  });
});
