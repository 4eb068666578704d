// What the probe worker loads for the real listen and sleep tasks: every module stays in
// the worker isolate's heap for its whole life, so the tasks load this OS's backend only,
// and neither node:net nor perf_hooks (about 90 and 70 KB of that heap).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SleepProbe } from '../../src/collectors/timer/probe';
import { ProbeSlot } from '../../src/collectors/listen/slot';
import { defineTask } from '../../src/runtime/probe-protocol';
import { ProbeThread } from '../../src/runtime/probe-thread';

const LOADED = defineTask<undefined, { builtins: string[]; files: string[] }>(
  join(__dirname, '..', 'unit', 'fixtures', 'loaded-modules-task.js'),
);

test('after a listen probe and a sleep round, the worker holds no Windows backend, node:net or perf_hooks', async () => {
  const thread = new ProbeThread();
  try {
    const slot = new ProbeSlot({ address: '127.0.0.1', port: 0, expect: 'free' }, () => undefined, thread);
    const probe = await slot.run(30, 'test');
    assert.equal(probe.kind === 'done' && probe.result.failure, undefined, 'the listen probe succeeded');
    await new SleepProbe('linux', thread).round(3);
    const outcome = await thread.run(LOADED, undefined, 30);
    assert.equal(outcome.kind, 'done');
    const { builtins, files } = outcome.kind === 'done' ? outcome.value : { builtins: [], files: [] };
    assert.ok(
      files.some((f) => f.endsWith(join('listen', 'linux.js'))),
      'the Linux socket backend is loaded',
    );
    assert.ok(
      files.some((f) => f.endsWith(join('timer', 'linux.js'))),
      'the Linux sleep backend is loaded',
    );
    assert.deepEqual(
      files.filter((f) => /[\\/]windows(\.js$|[\\/])/.test(f)),
      [],
      'no Windows backend',
    );
    assert.deepEqual(
      builtins.filter((m) => /^NativeModule (net|perf_hooks)$/.test(m)),
      [],
      'no node:net or perf_hooks',
    );
  } finally {
    await thread.stop();
  }
});
