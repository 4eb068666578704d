// Steps while the exporter is down, end to end: the real exporter under libfaketime
// (only its own view of the wall clock moves), stopped, the faked clock stepped, and
// started again against the same storage directory.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLOCK_STATE_FILE } from '../../src/collectors/clock/restart-tracker';
import { sampleValue, startExporter } from '../support/exporter';
import { LIBFAKETIME, needTools } from '../support/tools';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-restart-'));
const fakeTime = join(dir, 'faketime');
const storage = join(dir, 'state');
after(() => rmSync(dir, { recursive: true, force: true }));

const env = {
  LD_PRELOAD: LIBFAKETIME,
  FAKETIME_DONT_FAKE_MONOTONIC: '1',
  FAKETIME_TIMESTAMP_FILE: fakeTime,
  FAKETIME_NO_CACHE: '1',
};

/** One run: start, scrape the restart_gap counters, stop. */
async function run(): Promise<{ forward?: number; backward?: number; logs: string }> {
  const exporter = await startExporter([`--storage.path=${storage}`, '--no-collector.timesync'], env);
  try {
    const text = await exporter.scrape();
    const series = (direction: string) =>
      sampleValue(text, `hostwatch_clock_steps_total{source="restart_gap",direction="${direction}"}`);
    return { forward: series('forward'), backward: series('backward'), logs: exporter.logs.join('\n') };
  } finally {
    await exporter.stop();
  }
}

test(
  'a step while stopped counts exactly once; a restart without a step counts none',
  { skip: needTools(LIBFAKETIME) },
  async () => {
    writeFileSync(fakeTime, '+0');
    const first = await run();
    assert.deepEqual([first.forward, first.backward], [0, 0]);
    assert.match(first.logs, /no previous clock state/);

    writeFileSync(fakeTime, '+45s');
    const stepped = await run();
    assert.deepEqual([stepped.forward, stepped.backward], [1, 0], stepped.logs);
    const logged = /not running","collector":"clock","step_seconds":([-\d.e]+)/.exec(stepped.logs);
    // The size is the change of (wall - monotonic): 45 s plus read noise and a little slew.
    assert.ok(logged && Math.abs(Number(logged[1]) - 45) < 0.01, stepped.logs);

    const again = await run();
    assert.deepEqual([again.forward, again.backward], [0, 0], again.logs);

    writeFileSync(fakeTime, '+40s');
    const back = await run();
    assert.deepEqual([back.forward, back.backward], [0, 1], back.logs);
  },
);

test(
  'a corrupt state file is set aside, logged and replaced by an owner-only one, never fatal',
  { skip: needTools(LIBFAKETIME) },
  async () => {
    writeFileSync(fakeTime, '+0');
    const state = join(storage, CLOCK_STATE_FILE);
    writeFileSync(state, '{"version":1,"mono_ns":');
    const result = await run();
    assert.deepEqual([result.forward, result.backward], [0, 0]);
    assert.match(
      result.logs,
      /clock state file not used.*"reason":"not valid JSON","set_aside_as":"[^"]+\.corrupt"/,
    );
    assert.equal(
      readFileSync(`${state}.corrupt`, 'utf8'),
      '{"version":1,"mono_ns":',
      'kept for a person to read',
    );
    const replaced = JSON.parse(readFileSync(state, 'utf8')) as { version: number };
    assert.equal(replaced.version, 1);
    assert.equal(statSync(state).mode & 0o777, 0o600);
  },
);
