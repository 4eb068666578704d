// The services collector's cache, on a synthetic clock with a scripted reader: a reading
// and a failure to read each stand for one cache period; concurrent updates share one read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CachedReading } from '../../src/collectors/services/cached-reading';

const PERIOD_MS = 5000;

/** A reader that answers from a script (an Error is thrown) and counts its calls. */
function scriptedReader(...answers: (Error | 'ok')[]) {
  const reader = {
    calls: 0,
    read: async (): Promise<void> => {
      const answer = answers[reader.calls++];
      await Promise.resolve();
      if (answer === undefined) throw new Error('the script has no more answers');
      if (answer instanceof Error) throw answer;
    },
  };
  return reader;
}

const signal = () => new AbortController().signal;

test('a failed connection is tried once per period; every update of the period fails with it', async () => {
  let now = 0;
  const refused = new Error('sd_bus_start(unix:path=/run/systemd/private) failed: ENOENT');
  const reader = scriptedReader(refused, 'ok');
  const cache = new CachedReading(reader.read, PERIOD_MS, () => now);

  await assert.rejects(cache.update(signal()), (e) => e === refused);
  for (const at of [1, 2500, PERIOD_MS - 1]) {
    now = at;
    await assert.rejects(cache.update(signal()), (e) => e === refused, `at ${at} ms: the same failure`);
  }
  assert.equal(reader.calls, 1, 'no second connection within the period');

  now = PERIOD_MS;
  await cache.update(signal());
  assert.equal(reader.calls, 2, 'tried again once the period is over, and it succeeded');
});

test('a reading serves its period, then the next update reads again', async () => {
  let now = 100;
  const reader = scriptedReader('ok', new Error('the SCM went away'), 'ok');
  const cache = new CachedReading(reader.read, PERIOD_MS, () => now);

  await cache.update(signal());
  now += PERIOD_MS - 1;
  await cache.update(signal());
  assert.equal(reader.calls, 1);

  now += 1;
  await assert.rejects(cache.update(signal()), /the SCM went away/);
  now += PERIOD_MS - 1;
  await assert.rejects(cache.update(signal()), /the SCM went away/, 'the failure stands for its period');
  now += 1;
  await cache.update(signal());
  assert.equal(reader.calls, 3, 'a success after the failed period clears it');
});

test('a period of 0 reads on every update, failed or not', async () => {
  const reader = scriptedReader(new Error('down'), new Error('down'), 'ok');
  const cache = new CachedReading(reader.read, 0, () => 42);
  await assert.rejects(cache.update(signal()), /down/);
  await assert.rejects(cache.update(signal()), /down/);
  await cache.update(signal());
  assert.equal(reader.calls, 3);
});

test('concurrent updates share the reading in flight, and its failure', async () => {
  const reader = scriptedReader(new Error('down'));
  const cache = new CachedReading(reader.read, PERIOD_MS, () => 0);
  const results = await Promise.allSettled([cache.update(signal()), cache.update(signal())]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.equal(reader.calls, 1);
});

test('a reading abandoned at the timeout is not remembered: the next update reads again', async () => {
  const reader = scriptedReader(new Error('This operation was aborted'), 'ok');
  const cache = new CachedReading(reader.read, PERIOD_MS, () => 0);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(cache.update(controller.signal), /aborted/);
  await cache.update(signal());
  assert.equal(reader.calls, 2);
});
