// /metrics as the exporter serves it: straight from the shared exposition for GET and HEAD
// of the telemetry path (fastPathFirst), through express for everything else, with gzip,
// Vary and Content-Encoding, and one update for both ways in. Bodies are read with
// node:http, which (unlike fetch and supertest) leaves them as sent.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log';
import { gauge } from '../../src/runtime/metrics';
import { Runner } from '../../src/runtime/runner';
import { createApp } from '../../src/server/app';
import { ExpositionCache } from '../../src/server/exposition';
import { fastPathFirst } from '../../src/server/fast-path';
import { createRegistries } from '../../src/serve';
import { stubCollector } from '../support/collector';
import { httpCall } from '../support/http';

function exporterListener(): { listener: RequestListener; app: RequestListener; updates: () => number } {
  const registries = createRegistries();
  let updates = 0;
  const counting = stubCollector('counting', (ctx) => {
    const g = gauge(ctx.registers, { name: 'hostwatch_test_updates', help: 'Updates so far.' });
    return { isReady: () => true, update: () => g.set(++updates) };
  });
  const logger = createLogger('error', 'json');
  const runner = new Runner([registries.prometheus, registries.openmetrics], logger, 'linux');
  runner.add(counting, { enabled: true, timeout: 1 });
  const exposition = new ExpositionCache(runner, registries, 3600);
  const info = { version: 't', platform: 'linux' as const, arch: 'x64', nodeVersion: process.version };
  const app = createApp({ telemetryPath: '/metrics', registries, runner, info, exposition });
  return {
    listener: fastPathFirst({ telemetryPath: '/metrics', exposition, runner, logger }, app),
    app,
    updates: () => updates,
  };
}

/** httpCall with the headers before the method, as these tests mostly vary the headers. */
const call = (port: number, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  httpCall(port, path, method, headers);

describe('/metrics through fastPathFirst and through express', () => {
  const under = exporterListener();
  const ports: Record<'direct' | 'express', number> = { direct: 0, express: 0 };
  const servers = [createServer(under.listener), createServer(under.app)];
  before(async () => {
    for (const s of servers) s.listen(0, '127.0.0.1');
    await Promise.all(servers.map((s) => once(s, 'listening')));
    ports.direct = (servers[0]?.address() as AddressInfo).port;
    ports.express = (servers[1]?.address() as AddressInfo).port;
  });
  after(() => servers.forEach((s) => s.close()));

  for (const way of ['direct', 'express'] as const) {
    test(`${way}: gzip when Accept-Encoding asks, with Vary and Content-Encoding; identity otherwise`, async () => {
      const zipped = await call(ports[way], '/metrics', { 'Accept-Encoding': 'gzip' });
      assert.equal(zipped.status, 200);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(zipped.headers['vary'], 'Accept, Accept-Encoding');
      assert.equal(Number(zipped.headers['content-length']), zipped.body.length, 'the compressed length');
      const text = gunzipSync(zipped.body).toString();
      assert.match(text, /^hostwatch_test_updates 1$/m);
      const plain = await call(ports[way], '/metrics', { 'Accept-Encoding': 'identity' });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers['vary'], 'Accept, Accept-Encoding');
      assert.equal(plain.body.toString(), text, 'the same exposition, compressed or not');
    });

    test(`${way}: HEAD has the headers of GET and no body`, async () => {
      const head = await call(ports[way], '/metrics', { 'Accept-Encoding': 'gzip' }, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.headers['content-encoding'], 'gzip');
      assert.ok(Number(head.headers['content-length']) > 0);
      assert.equal(head.body.length, 0);
    });
  }

  test('both ways in, a query string, OpenMetrics and a trailing slash share one update', async () => {
    const om = await call(ports.direct, '/metrics?collect=all', {
      Accept: 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
    });
    assert.match(String(om.headers['content-type']), /^application\/openmetrics-text/);
    assert.match(om.body.toString(), /^hostwatch_test_updates 1$/m);
    const slash = await call(ports.direct, '/metrics/');
    assert.equal(slash.status, 200, 'express routes the other spelling');
    assert.match(slash.body.toString(), /^hostwatch_test_updates 1$/m);
    assert.equal(under.updates(), 1);
  });

  test('other methods and paths go to express: 405 and 404, /healthz answers', async () => {
    assert.equal((await call(ports.direct, '/metrics', {}, 'POST')).status, 405);
    assert.equal((await call(ports.direct, '/nope')).status, 404);
    assert.equal((await call(ports.direct, '/healthz')).body.toString(), 'OK\n');
  });
});
