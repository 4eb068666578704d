// The pacer's rule: each run is due a step after the previous one was due, however late
// that one fired; behind by a whole step, it starts over from now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextDue, Pacer } from '../../src/runtime/pacer';

test('late runs do not stretch the step; a run behind by a whole step starts over from now', () => {
  assert.equal(nextDue(1000, 1007, 100), 1100, 'fired 7 ms late: the next is still due at 1100');
  assert.equal(nextDue(1000, 1099, 100), 1100);
  assert.equal(nextDue(1000, 1100, 100), 1200, 'a whole step late: from now');
  assert.equal(nextDue(1000, 4000, 100), 4100, 'after a pause: one run, not thirty');
});

test('over many late firings the count of runs follows the due times, not the lateness', async () => {
  let now = 0;
  let runs = 0;
  const pacer = new Pacer(
    () => runs++,
    () => 100,
    () => now,
  );
  pacer.start(100);
  // Drive it by hand: each firing is 7 ms late; a setInterval would drift 7 ms a run.
  for (let i = 1; i <= 100; i++) {
    now = pacer.nextDueMs + 7;
    (pacer as unknown as { fire(): void }).fire();
  }
  pacer.stop();
  assert.equal(runs, 100);
  assert.equal(pacer.nextDueMs, 101 * 100, '100 runs took 100 steps, not 100 x 107 ms');
});
