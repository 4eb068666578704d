// The HTTP layer mounts the routes collectors bring (listen's /probe): query and headers
// reach the collector, its answer goes out as given, other methods get 405, and a route
// that would shadow an exporter path is refused at start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { defineCollector, type CollectorRoute } from '../../src/collectors/types';
import { createLogger } from '../../src/log';
import { Runner } from '../../src/runtime/runner';
import { createApp } from '../../src/server/app';
import { createRegistries } from '../../src/serve';

function appWith(route: CollectorRoute) {
  const registries = createRegistries();
  const runner = new Runner([registries.prometheus], createLogger('error', 'json'), 'linux');
  const def = defineCollector({
    name: 'routed',
    description: 'A collector that serves one route.',
    platforms: ['linux'],
    options: {},
    metrics: () => ({}),
    create: () => ({ update: () => undefined, isReady: () => true, routes: () => [route] }),
  });
  runner.add(def, { enabled: true, timeout: 1 });
  const info = { version: 'test', platform: 'linux' as const, arch: 'x64', nodeVersion: 'v20' };
  return () => createApp({ telemetryPath: '/metrics', registries, runner, info });
}

test('a collector route gets the query and headers and answers status, type and body', async () => {
  const app = appWith({
    path: '/probe',
    handle: async (req) => ({
      status: 418,
      contentType: 'text/plain',
      body: `${String(req.query['target'])} ${req.header('x-prometheus-scrape-timeout-seconds')}`,
    }),
  })();
  const answer = await request(app).get('/probe?target=a').set('X-Prometheus-Scrape-Timeout-Seconds', '9');
  assert.equal(answer.status, 418);
  assert.equal(answer.text, 'a 9');
  assert.match(answer.headers['content-type'] ?? '', /^text\/plain/);
  assert.equal((await request(app).post('/probe')).status, 405);
});

test('a collector route that collides with an exporter path is refused', () => {
  const build = appWith({
    path: '/metrics',
    handle: async () => ({ status: 200, contentType: 'text/plain', body: '' }),
  });
  assert.throws(build, /collector route \/metrics collides/);
});
