// ProbeSlot, a target's probes on the probe thread: deadlines, the blocked state, no
// stacking, the late result handed over once, a blocked target that holds up no other,
// and a dying worker. The worker is a real thread running a stand-in script; "blocked" is
// a thread stuck in Atomics.wait until the test opens the gate, so nothing here depends
// on how fast the machine is.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProbeSlot, type LateReply } from '../../src/collectors/listen/slot';
import { ProbeThread } from '../../src/runtime/probe-thread';
import { waitFor } from '../support/wait';

const SCRIPT = join(__dirname, 'fixtures', 'gated-worker.js');
const spec = (port: number) => ({ address: '127.0.0.1', port, expect: 'free' as const });

function gatedThread() {
  const shared = new SharedArrayBuffer(4);
  const thread = new ProbeThread({ script: SCRIPT, data: shared });
  const open = () => {
    const gate = new Int32Array(shared);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
  };
  return { thread, open };
}

test('a probe that answers within its deadline is done, and the slot is idle again', async () => {
  const { thread } = gatedThread();
  const slot = new ProbeSlot(spec(3), () => undefined, thread);
  try {
    const outcome = await slot.run(30, 'test');
    assert.equal(outcome.kind, 'done');
    assert.equal(slot.busy(), false);
    assert.equal(slot.blockedSeconds(), undefined);
  } finally {
    await thread.stop();
  }
});

test('a probe past its deadline: timeout, then blocked with an age, nothing stacked, late result once', async () => {
  const late: LateReply[] = [];
  const { thread, open } = gatedThread();
  const slot = new ProbeSlot(spec(1), (l) => late.push(l), thread);
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
    await thread.stop();
  }
});

test('a blocked target holds up no other target on the same thread', async () => {
  const { thread, open } = gatedThread();
  const stuck = new ProbeSlot(spec(1), () => undefined, thread);
  const other = new ProbeSlot(spec(3), () => undefined, thread);
  try {
    assert.equal((await stuck.run(0.05, 'schedule')).kind, 'timeout');
    assert.equal((await other.run(30, 'schedule')).kind, 'done', 'served by a fresh worker');
    assert.equal(thread.workers, 2, 'the blocked worker and the fresh one');
    open();
    await waitFor('the blocked worker to exit', async () => (thread.workers === 1 ? true : undefined));
    assert.equal(stuck.busy(), false);
  } finally {
    open();
    await thread.stop();
  }
});

test('a worker that dies rejects the running probe, and the next run starts a new worker', async () => {
  const late: LateReply[] = [];
  const { thread } = gatedThread();
  const slot = new ProbeSlot(spec(2), (l) => late.push(l), thread);
  try {
    await assert.rejects(slot.run(30, 'schedule'), /probe worker exited with code 3/);
    assert.equal(slot.busy(), false);
    await assert.rejects(slot.run(30, 'schedule'), /exited with code 3/, 'a fresh worker, same script');
    assert.deepEqual(late, []);
  } finally {
    await thread.stop();
  }
});
