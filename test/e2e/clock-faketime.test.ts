// The built exporter under libfaketime: its wall clock is stepped from outside while it
// runs (only this process's view; the machine's clock is never touched), and the
// sampler must count exactly one step per change, with its signed size.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LIBFAKETIME, needTools } from '../support/tools';
import { sampleValue, sleep, startExporter, type RunningExporter } from '../support/exporter';

const skip = needTools(LIBFAKETIME);
const dir = mkdtempSync(join(tmpdir(), 'hostwatch-faketime-'));
const offsetFile = join(dir, 'offset');
let exporter: RunningExporter | undefined;

after(async () => {
  await exporter?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const FORWARD = 'hostwatch_clock_steps_total{source="sampler",direction="forward"}';
const BACKWARD = 'hostwatch_clock_steps_total{source="sampler",direction="backward"}';

async function counts(e: RunningExporter) {
  const text = await e.scrape();
  return {
    forward: sampleValue(text, FORWARD),
    backward: sampleValue(text, BACKWARD),
    last: sampleValue(text, 'hostwatch_clock_last_step_seconds'),
    at: sampleValue(text, 'hostwatch_clock_last_step_timestamp_seconds'),
  };
}

/** Polls until the predicate holds (bounded), returning the last reading. */
async function until(e: RunningExporter, ok: (c: Awaited<ReturnType<typeof counts>>) => boolean) {
  let c = await counts(e);
  for (let i = 0; i < 60 && !ok(c); i++) {
    await sleep(250);
    c = await counts(e);
  }
  return c;
}

/** The faked wall time, as the exporter sees it, right after writing the offset. */
function stepTo(offset: string, offsetSeconds: number): number {
  writeFileSync(offsetFile, offset);
  return Date.now() / 1000 + offsetSeconds;
}

describe('clock steps under libfaketime', { skip }, () => {
  test('+5 s then -2 s count one forward and one backward step; a quiet stretch counts none', async () => {
    writeFileSync(offsetFile, '+0');
    exporter = await startExporter([], {
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: offsetFile,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    });
    const start = await until(exporter, (c) => c.forward !== undefined);
    assert.deepEqual([start.forward, start.backward, start.last], [0, 0, undefined]);

    const forwardAt = stepTo('+5s', 5);
    const afterForward = await until(exporter, (c) => c.forward === 1);
    assert.deepEqual([afterForward.forward, afterForward.backward], [1, 0]);
    assert.ok(Math.abs((afterForward.last ?? 0) - 5) < 0.01, `last step ${afterForward.last}`);
    assert.ok((afterForward.at ?? Infinity) - forwardAt <= 3, 'seen within 3 s of the step');

    const backwardAt = stepTo('+3s', 3);
    const afterBackward = await until(exporter, (c) => c.backward === 1);
    assert.deepEqual([afterBackward.forward, afterBackward.backward], [1, 1]);
    assert.ok(Math.abs((afterBackward.last ?? 0) + 2) < 0.01, `last step ${afterBackward.last}`);
    assert.ok((afterBackward.at ?? Infinity) - backwardAt <= 3, 'seen within 3 s of the step');

    await sleep(20_000);
    const quiet = await counts(exporter);
    assert.deepEqual([quiet.forward, quiet.backward], [1, 1], 'no step during 20 quiet seconds');
  });
});
