// The young-generation bound in a child process of its own (V8's flags are process-wide):
// after boundYoungGeneration() and a probe worker started (which resets V8's flags), a
// burst of short-lived allocations leaves the new space at its initial size; a semi-space
// size the user chose is left alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const SRC = join(__dirname, '..', '..', 'src', 'runtime');
const ECHO = join(__dirname, 'fixtures', 'echo-task.js');

/** Runs the bound and a worker, allocates, and reports the new space's size in MiB. */
function newSpaceMiB(env: NodeJS.ProcessEnv = {}): { bounded: boolean; newSpaceMiB: number } {
  const script = `
    const { boundYoungGeneration } = require(${JSON.stringify(join(SRC, 'young-generation.js'))});
    const bounded = boundYoungGeneration();
    const { ProbeThread } = require(${JSON.stringify(join(SRC, 'probe-thread.js'))});
    const v8 = require('node:v8');
    (async () => {
      const thread = new ProbeThread();
      await thread.run({ module: ${JSON.stringify(ECHO)} }, { echo: 'x' }, 30);
      let keep = [];
      for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 50000) keep = []; }
      const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      await thread.stop();
      process.stdout.write(JSON.stringify({ bounded, newSpaceMiB: space.space_size / 1048576 }));
    })();`;
  const run = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { bounded: boolean; newSpaceMiB: number };
}

test('bounded: the new space stays at its initial 2 MiB, a worker started or not', () => {
  const r = newSpaceMiB({ NODE_OPTIONS: '' });
  assert.equal(r.bounded, true);
  assert.ok(r.newSpaceMiB <= 2, `new space ${r.newSpaceMiB} MiB`);
});

test("a semi-space size set in NODE_OPTIONS is the user's: not bounded", () => {
  const r = newSpaceMiB({ NODE_OPTIONS: '--max-semi-space-size=4' });
  assert.equal(r.bounded, false);
  assert.ok(r.newSpaceMiB > 2, `new space ${r.newSpaceMiB} MiB`);
});
