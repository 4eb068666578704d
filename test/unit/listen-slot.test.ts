// ProbeSlot, the main-thread side of a target's worker: deadlines, the blocked state, no
// stacking, the late result handed over once, and a dying worker. The worker is a real
// thread running a stand-in script; "blocked" is a thread stuck in Atomics.wait until the
// test opens the gate, so nothing here depends on how fast the machine is.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProbeSlot, type LateReply } from '../../src/collectors/listen/slot';
import { waitFor } from '../support/wait';

const SCRIPT = join(__dirname, 'fixtures', 'gated-worker.js');
const spec = (port: number) => ({ address: '127.0.0.1', port, expect: 'free' as const });

function gatedSlot(port: number, late: LateReply[]) {
  const shared = new SharedArrayBuffer(4);
  const slot = new ProbeSlot(spec(port), (l) => late.push(l), { path: SCRIPT, data: shared });
  const open = () => {
    const gate = new Int32Array(shared);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
  };
  return { slot, open };
}

test('a probe that answers within its deadline is done, and the slot is idle again', async () => {
  const { slot } = gatedSlot(3, []);
  try {
    const outcome = await slot.run(30, 'test');
    assert.equal(outcome.kind, 'done');
    assert.equal(slot.busy(), false);
    assert.equal(slot.blockedSeconds(), undefined);
  } finally {
    await slot.stop();
  }
});

test('a probe past its deadline: timeout, then blocked with an age, nothing stacked, late result once', async () => {
  const late: LateReply[] = [];
  const { slot, open } = gatedSlot(1, late);
  try {
    assert.deepEqual(await slot.run(0.05, 'schedule'), { kind: 'timeout' });
    assert.equal(slot.busy(), true);
    const age = slot.blockedSeconds() ?? -1;
    assert.ok(age >= 0.05, `blocked for ${age} s`);
    const again = await slot.run(30, 'probe');
    assert.equal(again.kind, 'blocked', 'no new probe stacked behind the blocked one');
    assert.ok((slot.blockedSeconds() ?? 0) >= age, 'the age keeps growing');
    open();
    await waitFor('the late reply', async () => (late.length > 0 ? true : undefined));
    assert.equal(late.length, 1);
    assert.equal(late[0]?.origin, 'schedule');
    assert.equal(late[0]?.result?.durations.bind, 0.001);
    assert.ok((late[0]?.ageSeconds ?? 0) >= age);
    assert.equal(slot.blockedSeconds(), undefined);
    assert.equal((await slot.run(30, 'schedule')).kind, 'done', 'the target probes again');
    assert.equal(late.length, 1, 'handed over once');
  } finally {
    open();
    await slot.stop();
  }
});

test('a worker that dies rejects the running probe, and the next run starts a new worker', async () => {
  const late: LateReply[] = [];
  const { slot } = gatedSlot(2, late);
  try {
    await assert.rejects(slot.run(30, 'schedule'), /probe worker exited with code 3/);
    assert.equal(slot.busy(), false);
    await assert.rejects(slot.run(30, 'schedule'), /exited with code 3/, 'a fresh worker, same script');
    assert.deepEqual(late, []);
  } finally {
    await slot.stop();
  }
});
