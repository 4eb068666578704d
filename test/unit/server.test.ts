// The HTTP layer with supertest, driven by a runner with a controllable collector.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import request from 'supertest';
import { gauge } from '../../src/runtime/metrics';
import { Runner } from '../../src/runtime/runner';
import { createApp } from '../../src/server/app';
import { createRegistries, shutdown } from '../../src/serve';
import { defineCollector, type Collector } from '../../src/collectors/types';
import { createLogger } from '../../src/log';
import { stubCollector } from '../support/collector';

function setup(options: { fail?: boolean } = {}) {
  const registries = createRegistries();
  const registers = [registries.prometheus, registries.openmetrics];
  const state = { sampled: false };
  const demo = defineCollector({
    name: 'demo',
    description: 'A collector the test controls.',
    platforms: ['linux', 'windows'],
    options: {},
    metrics: (r) => gauge(r, { name: 'hostwatch_demo_value', help: 'A value the test sets.' }),
    create: (ctx): Collector => {
      const g = gauge(ctx.registers, { name: 'hostwatch_demo_value', help: 'A value the test sets.' });
      return {
        isReady: () => state.sampled,
        update: () => {
          if (options.fail) throw new Error('demo source missing');
          g.set(42);
        },
      };
    },
  });
  const runner = new Runner(registers, createLogger('error', 'json'), 'linux');
  runner.add(demo, { enabled: true, timeout: 1 });
  const app = createApp({
    telemetryPath: '/metrics',
    registries,
    runner,
    info: { version: '0.0.0-test', platform: 'linux', arch: 'x64', nodeVersion: process.version },
  });
  return { app, state };
}

describe('HTTP surface', () => {
  test('/metrics serves text format 0.0.4 by default', async () => {
    const { app } = setup();
    const res = await request(app).get('/metrics').expect(200);
    assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(res.text, /^hostwatch_demo_value 42$/m);
    assert.match(res.text, /^hostwatch_collector_success\{collector="demo"\} 1$/m);
    assert.doesNotMatch(res.text, /# EOF/);
  });

  test('/metrics negotiates OpenMetrics from the Accept header Prometheus sends', async () => {
    const { app } = setup();
    const accept =
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    const res = await request(app).get('/metrics').set('Accept', accept).expect(200);
    assert.match(String(res.headers['content-type']), /^application\/openmetrics-text; version=1\.0\.0/);
    assert.match(res.text, /# EOF\n$/);
    assert.match(res.text, /^hostwatch_demo_value 42$/m);
  });

  test('a failing collector does not fail the scrape', async () => {
    const { app } = setup({ fail: true });
    const res = await request(app).get('/metrics').expect(200);
    assert.match(res.text, /^hostwatch_collector_success\{collector="demo"\} 0$/m);
    assert.match(res.text, /^hostwatch_collector_errors_total\{collector="demo"\} 1$/m);
    assert.doesNotMatch(res.text, /^hostwatch_demo_value /m);
  });

  test('/healthz answers OK', async () => {
    const res = await request(setup().app).get('/healthz').expect(200);
    assert.equal(res.text, 'OK\n');
  });

  test('/readyz is 503 before the first sample and 200 after', async () => {
    const { app, state } = setup();
    const before = await request(app).get('/readyz').expect(503);
    assert.match(before.text, /waiting for demo/);
    state.sampled = true;
    await request(app).get('/readyz').expect(200);
  });

  test('the status page names the version, platform, collectors and links', async () => {
    const res = await request(setup().app).get('/').expect(200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const links = ['href="/metrics"', 'href="/readyz"', 'href="/status/history.json"'];
    for (const text of ['0.0.0-test', 'linux/x64', '<li>demo</li>', ...links]) {
      assert.ok(res.text.includes(text), text);
    }
  });

  test('unknown paths are 404 and wrong methods on known paths are 405', async () => {
    const { app } = setup();
    await request(app).get('/nope').expect(404);
    const res = await request(app).post('/metrics').expect(405);
    assert.equal(res.headers['allow'], 'GET, HEAD');
    await request(app).delete('/healthz').expect(405);
    await request(app).head('/metrics').expect(200);
  });
});

test('shutdown lets an in-flight scrape finish, then stops the collectors', async () => {
  const registries = createRegistries();
  const registers = [registries.prometheus, registries.openmetrics];
  let entered!: () => void;
  const updating = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let stopped = false;
  const slow = stubCollector('slow', () => ({
    isReady: () => true,
    update: async () => {
      entered();
      await released;
    },
    stop: () => void (stopped = true),
  }));
  const runner = new Runner(registers, createLogger('error', 'json'), 'linux');
  runner.add(slow, { enabled: true, timeout: 5 });
  const app = createApp({
    telemetryPath: '/metrics',
    registries,
    runner,
    info: { version: 't', platform: 'linux', arch: 'x64', nodeVersion: process.version },
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const scrape = fetch(`http://127.0.0.1:${port}/metrics`);
  await updating;
  const closing = shutdown(server, runner);
  release();
  const res = await scrape;
  assert.equal(res.status, 200);
  assert.match(await res.text(), /hostwatch_collector_success\{collector="slow"\} 1/);
  await closing;
  assert.equal(stopped, true);
  assert.equal(server.listening, false);
});

test('a fresh update begins after the update in flight, so it reads what changed since', async () => {
  const registries = createRegistries();
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  // Counts its updates; the first one waits for the test.
  const counting = stubCollector('counting', () => ({
    isReady: () => true,
    update: async () => {
      runs++;
      if (runs === 1) await gate;
    },
  }));
  const runner = new Runner([registries.prometheus], createLogger('error', 'json'), 'linux');
  runner.add(counting, { enabled: true, timeout: 5 });
  const first = runner.update();
  const fresh = runner.freshUpdate();
  assert.equal(runner.update(), first, 'plain updates share the one in flight');
  await Promise.resolve();
  assert.equal(runs, 1);
  release();
  await fresh;
  assert.equal(runs, 2, 'the fresh one ran after it');
});
