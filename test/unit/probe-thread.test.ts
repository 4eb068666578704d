// The probe thread, the one owner of the probe workers: tasks in order on one worker, a
// deadline that leaves the blocked worker behind and serves later tasks on a fresh one,
// the late result handed over once, errors, and the stop policy (never terminate; wait,
// then leave a worker blocked in the OS). The real worker script runs a fixture task;
// blocking is a stand-in script stuck in Atomics.wait until the test opens a gate.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defineTask } from '../../src/runtime/probe-protocol';
import { ProbeThread, type LateResult } from '../../src/runtime/probe-thread';
import { waitFor } from '../support/wait';
import type { EchoPayload } from './fixtures/echo-task';

const ECHO = defineTask<EchoPayload, { echo?: string; stopping: boolean }>(
  join(__dirname, 'fixtures', 'echo-task.js'),
);
const GATED = defineTask<{ port: number }, { port: number }>('unused: the gated script ignores it');

function gated(stopGraceMs?: number) {
  const shared = new SharedArrayBuffer(4);
  const options = { script: join(__dirname, 'fixtures', 'gated-worker.js'), data: shared };
  const thread = new ProbeThread(stopGraceMs === undefined ? options : { ...options, stopGraceMs });
  const open = () => {
    Atomics.store(new Int32Array(shared), 0, 1);
    Atomics.notify(new Int32Array(shared), 0);
  };
  return { thread, open };
}

test('tasks run in the order given, on one worker, through the real worker script', async () => {
  const thread = new ProbeThread();
  try {
    const outcomes = await Promise.all(['a', 'b', 'c'].map((echo) => thread.run(ECHO, { echo }, 30)));
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'done' ? o.value.echo : o.kind)),
      ['a', 'b', 'c'],
    );
    assert.equal(thread.workers, 1);
  } finally {
    await thread.stop();
  }
});

test('a task that throws rejects with its message, and the worker serves the next one', async () => {
  const thread = new ProbeThread();
  try {
    await assert.rejects(thread.run(ECHO, { fail: 'no such socket API' }, 30), /no such socket API/);
    const next = await thread.run(ECHO, { echo: 'after' }, 30);
    assert.equal(next.kind === 'done' && next.value.echo, 'after');
    assert.equal(thread.workers, 1);
  } finally {
    await thread.stop();
  }
});

test('booting the worker and preparing the task do not count against its deadline', async () => {
  const thread = new ProbeThread();
  try {
    const outcome = await thread.run(ECHO, { echo: 'slow start', prepareMs: 3000 }, 2);
    assert.equal(outcome.kind === 'done' && outcome.value.echo, 'slow start');
  } finally {
    await thread.stop();
  }
});

test('past its deadline a task times out; later tasks go to a fresh worker; the late result comes once', async () => {
  const { thread, open } = gated();
  const late: LateResult<{ port: number }>[] = [];
  try {
    const blocked = thread.run(GATED, { port: 1 }, 0.05, (l) => late.push(l));
    const queued = thread.run(GATED, { port: 3 }, 30);
    const outcome = await blocked;
    assert.equal(outcome.kind, 'timeout');
    const next = await queued;
    assert.equal(next.kind === 'done' && next.value.port, 3, 'the queued task ran meanwhile');
    assert.equal(thread.workers, 2, 'the blocked worker is left to its call, not terminated');
    open();
    await waitFor('the late result', async () => (late.length > 0 ? true : undefined));
    await waitFor('the blocked worker to exit', async () => (thread.workers === 1 ? true : undefined));
    assert.equal(late.length, 1);
    assert.equal(late[0]?.value?.port, 1);
    assert.ok((late[0]?.ageSeconds ?? 0) >= 0.05);
  } finally {
    open();
    await thread.stop();
  }
});

test('stop ends a looping task through the stop flag, lets it answer, and waits for the exit', async () => {
  const thread = new ProbeThread();
  const looping = thread.run(ECHO, { echo: 'loop', untilStop: true }, 30);
  await waitFor('the worker to start', async () => (thread.workers === 1 ? true : undefined));
  const queued = assert.rejects(thread.run(ECHO, { echo: 'never' }, 30), /probe thread stopped/);
  await thread.stop();
  const outcome = await looping;
  assert.deepEqual(outcome, { kind: 'done', value: { echo: 'loop', stopping: true } });
  await queued;
  assert.equal(thread.workers, 0);
  const again = await thread.run(ECHO, { echo: 'restarted' }, 30);
  assert.equal(again.kind === 'done' && again.value.stopping, false, 'a new worker with a fresh stop flag');
  await thread.stop();
});

test('stop gives up on a worker blocked in the OS after the grace period, without terminating it', async () => {
  const { thread, open } = gated(100);
  const blocked = thread.run(GATED, { port: 1 }, 30);
  await waitFor('the worker to start', async () => (thread.workers === 1 ? true : undefined));
  await thread.stop();
  assert.equal(thread.workers, 1, 'still alive and unref-ed: the event loop does not wait for it');
  open();
  const outcome = await blocked;
  assert.equal(outcome.kind === 'done' && outcome.value.port, 1, 'its answer still arrives');
  await waitFor('the worker to exit', async () => (thread.workers === 0 ? true : undefined));
});
