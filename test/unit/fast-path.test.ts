// /healthz and /readyz on the fast path (fastPathFirst) answer exactly what express
// answered before: status, body and every header, byte for byte, behind the same guard
// with configured headers. And which requests the fast path keeps: GET and HEAD of its
// three paths; everything else reaches the app.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log';
import { Runner } from '../../src/runtime/runner';
import { createApp } from '../../src/server/app';
import { ExpositionCache } from '../../src/server/exposition';
import { fastPathFirst } from '../../src/server/fast-path';
import { guard } from '../../src/server/guard';
import type { WebSettings } from '../../src/server/web/settings';
import { createRegistries } from '../../src/serve';
import { stubCollector } from '../support/collector';
import { httpCall, type RawAnswer } from '../support/http';

const logger = createLogger('error', 'json');
const web = { config: { headers: { 'X-Frame-Options': 'deny' } } } as unknown as WebSettings;

function exporterParts() {
  const registries = createRegistries();
  const state = { sampled: false };
  const runner = new Runner([registries.prometheus, registries.openmetrics], logger, 'linux');
  runner.add(
    stubCollector('slow', () => ({ isReady: () => state.sampled, update: () => undefined })),
    { enabled: true, timeout: 1 },
  );
  runner.add(
    stubCollector('other', () => ({ isReady: () => state.sampled, update: () => undefined })),
    {
      enabled: true,
      timeout: 1,
    },
  );
  const exposition = new ExpositionCache(runner, registries, 3600);
  const info = { version: 't', platform: 'linux' as const, arch: 'x64', nodeVersion: process.version };
  const app = createApp({ telemetryPath: '/metrics', registries, runner, info, exposition });
  return { runner, exposition, app, state };
}

async function listen(listener: RequestListener, servers: Server[]): Promise<number> {
  const server = createServer(guard(listener, { maxRequests: 40, web: () => web, logger }).listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** The answer minus Date, which differs between two calls. */
function comparable(answer: RawAnswer) {
  const headers: string[] = [];
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    if (answer.rawHeaders[i] !== 'Date') headers.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
  }
  return { status: answer.status, headers, body: answer.body.toString() };
}

describe('/healthz and /readyz: the fast path answers as express does', () => {
  const parts = exporterParts();
  const servers: Server[] = [];
  const ports = { fast: 0, express: 0 };
  before(async () => {
    const { runner, exposition, app } = parts;
    ports.fast = await listen(
      fastPathFirst({ telemetryPath: '/metrics', exposition, runner, logger }, app),
      servers,
    );
    ports.express = await listen(app, servers);
  });
  after(() => servers.forEach((s) => s.close()));

  const paths = ['/healthz', '/readyz', '/readyz?verbose=1'];
  const same = async (path: string, method: string, headers: Record<string, string> = {}) => {
    const fast = comparable(await httpCall(ports.fast, path, method, headers));
    assert.deepEqual(
      fast,
      comparable(await httpCall(ports.express, path, method, headers)),
      `${method} ${path}`,
    );
    return fast;
  };

  test('before every collector has sampled: 503 naming the pending ones', async () => {
    for (const path of paths) for (const method of ['GET', 'HEAD']) await same(path, method);
    const answer = await same('/readyz', 'GET');
    assert.equal(answer.status, 503);
    assert.equal(answer.body, 'not ready: waiting for slow, other\n');
    assert.ok(answer.headers.includes('Content-Type: text/plain; charset=utf-8'));
    assert.ok(answer.headers.includes('X-Frame-Options: deny'), 'the configured headers');
  });

  test('once ready: 200, and HEAD has the headers of GET without a body', async () => {
    parts.state.sampled = true;
    for (const path of paths) for (const method of ['GET', 'HEAD']) await same(path, method);
    const ready = await same('/readyz', 'GET');
    assert.equal(ready.status, 200);
    assert.equal(ready.body, 'ready\n');
    const head = await same('/healthz', 'HEAD');
    assert.equal(head.status, 200);
    assert.ok(head.headers.includes('Content-Length: 3'));
    assert.equal(head.body, '');
  });

  test("If-None-Match: * gets express's 304 either way", async () => {
    assert.equal((await same('/healthz', 'GET', { 'If-None-Match': '*' })).status, 304);
  });
});

test('GET and HEAD of the three paths stay on the fast path; the rest reaches the app', async () => {
  const { runner, exposition } = exporterParts();
  const reached: string[] = [];
  const app: RequestListener = (req, res) => {
    reached.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  };
  const servers: Server[] = [];
  const port = await listen(
    fastPathFirst({ telemetryPath: '/metrics', exposition, runner, logger }, app),
    servers,
  );
  try {
    for (const path of ['/metrics', '/healthz', '/readyz?x']) {
      for (const method of ['GET', 'HEAD']) await httpCall(port, path, method);
    }
    assert.deepEqual(reached, []);
    const others = [
      ['POST', '/healthz'],
      ['GET', '/healthz/'],
      ['GET', '/READYZ'],
      ['GET', '/'],
      ['DELETE', '/metrics'],
    ];
    for (const [method, path] of others) await httpCall(port, path as string, method);
    assert.deepEqual(
      reached,
      others.map(([method, path]) => `${method} ${path}`),
    );
  } finally {
    servers.forEach((s) => s.close());
  }
});
