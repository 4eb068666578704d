// The shared exposition: one update, one rendering and one gzip per generation for every
// scrape within maxAge of the scrape that asked; a new update after that; a failed update
// not kept. Time is a fake clock the test moves; updates are promises it resolves.
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { Gauge } from 'prom-client';
import { ExpositionCache, type UpdateSource } from '../../src/server/exposition';
import { createRegistries } from '../../src/serve';

function setup(maxAgeSeconds = 1) {
  const registries = createRegistries();
  const updates = new Gauge({
    name: 'hostwatch_test_updates',
    help: 'Updates the test source ran.',
    registers: [registries.prometheus, registries.openmetrics],
  });
  const clock = { ms: 1000 };
  let count = 0;
  let failNext = false;
  let hold: Promise<void> | undefined;
  const source: UpdateSource = {
    freshUpdate: async () => {
      count++;
      if (hold) await hold;
      if (failNext) {
        failNext = false;
        throw new Error('update failed');
      }
      updates.set(count);
    },
  };
  const cache = new ExpositionCache(source, registries, maxAgeSeconds, () => clock.ms);
  return {
    cache,
    clock,
    updates: () => count,
    failNextUpdate: () => void (failNext = true),
    holdUpdates: (until: Promise<void>) => void (hold = until),
  };
}

const text = (body: Buffer) => body.toString();

test('scrapes within maxAge share one update, one rendering and one gzip', async () => {
  const { cache, clock, updates } = setup();
  const first = await cache.get('prometheus', 'identity');
  clock.ms += 999;
  const second = await cache.get('prometheus', 'identity');
  assert.equal(second.body, first.body, 'the same Buffer, not a new rendering');
  const zipped = await cache.get('prometheus', 'gzip');
  assert.equal((await cache.get('prometheus', 'gzip')).body, zipped.body, 'compressed once');
  assert.equal(text(gunzipSync(zipped.body)), text(first.body));
  assert.equal(zipped.encoding, 'gzip');
  assert.equal(updates(), 1);
  assert.match(text(first.body), /^hostwatch_test_updates 1$/m);
});

test('both formats come from the same update', async () => {
  const { cache, updates } = setup();
  const plain = await cache.get('prometheus', 'identity');
  const om = await cache.get('openmetrics', 'identity');
  assert.match(om.contentType, /^application\/openmetrics-text/);
  assert.match(plain.contentType, /^text\/plain; version=0\.0\.4/);
  assert.match(text(om.body), /^hostwatch_test_updates 1$/m);
  assert.match(text(om.body), /# EOF\n$/);
  assert.equal(updates(), 1);
});

test('a scrape maxAge or more after the one that asked gets a new update', async () => {
  const { cache, clock, updates } = setup();
  await cache.get('prometheus', 'identity');
  clock.ms += 1000;
  const later = await cache.get('prometheus', 'identity');
  assert.equal(updates(), 2);
  assert.match(text(later.body), /^hostwatch_test_updates 2$/m);
});

test('scrapes that arrive while the update runs wait for it and share it', async () => {
  const { cache, clock, updates, holdUpdates } = setup();
  let release!: () => void;
  holdUpdates(new Promise<void>((resolve) => (release = resolve)));
  const first = cache.get('prometheus', 'identity');
  clock.ms += 500;
  const second = cache.get('prometheus', 'gzip');
  release();
  const [a, b] = await Promise.all([first, second]);
  assert.equal(updates(), 1);
  assert.equal(text(gunzipSync(b.body)), text(a.body));
});

test('a failed update is not served again: the next scrape asks for a new one', async () => {
  const { cache, updates, failNextUpdate } = setup();
  failNextUpdate();
  await assert.rejects(cache.get('prometheus', 'identity'), /update failed/);
  const next = await cache.get('prometheus', 'identity');
  assert.equal(updates(), 2);
  assert.match(text(next.body), /^hostwatch_test_updates 2$/m);
});

test('maxAge 0: every scrape gets an update of its own', async () => {
  const { cache, updates } = setup(0);
  await cache.get('prometheus', 'identity');
  await cache.get('prometheus', 'identity');
  assert.equal(updates(), 2);
});

test('settled(): the answer get() resolved to, without a promise, never starting an update', async () => {
  const { cache, clock, updates } = setup();
  assert.equal(cache.settled('prometheus', 'gzip'), undefined, 'nothing before the first scrape');
  assert.equal(updates(), 0, 'asking did not start an update');
  const served = await cache.get('prometheus', 'gzip');
  assert.equal(cache.settled('prometheus', 'gzip'), served, 'the same object');
  assert.equal(cache.settled('prometheus', 'identity'), undefined, 'another encoding not yet answered');
  assert.equal(cache.settled('prometheus', 'gzip', 0.5), undefined, 'a budget the update did not fit');
  clock.ms += 1000;
  assert.equal(cache.settled('prometheus', 'gzip'), undefined, 'past maxAge: stale, not served');
  assert.equal(updates(), 1);
});
