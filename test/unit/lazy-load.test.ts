// Modules the exporter loads only when needed (issue 11: a loaded module holds its RSS for
// good). serve() itself, as main.ts calls it: after it has served what Prometheus and the
// kubelet ask for, express, yaml and bcryptjs are not in require.cache; the status page
// then loads express. This file imports nothing that loads them (node --test runs each
// test file in a process of its own).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectorNames } from '../../src/collectors';
import { loadConfig } from '../../src/config/load';
import { currentPlatform } from '../../src/platform';
import { serve } from '../../src/serve';
import { lazyApp } from '../../src/server/lazy-app';
import { captureLogger } from '../support/collector';
import { httpCall } from '../support/http';

const platform = currentPlatform() ?? 'linux';
const storage = mkdtempSync(join(tmpdir(), 'hostwatch-lazy-'));
after(() => rmSync(storage, { recursive: true, force: true }));

/** Whether a package from node_modules is loaded in this process. */
function loaded(name: string): boolean {
  const inPackage = new RegExp(`[\\\\/]node_modules[\\\\/]${name}[\\\\/]`);
  return Object.keys(require.cache).some((path) => inPackage.test(path));
}

/** Flags for an exporter on a free loopback port, with no collector (none is needed here). */
function flags(...more: string[]): string[] {
  const off = collectorNames().map((name) => `--no-collector.${name}`);
  return ['--web.listen-address=127.0.0.1:0', `--storage.path=${storage}`, ...off, ...more];
}

test('scrapes, /healthz and /readyz leave express, yaml and bcryptjs unloaded; the status page loads express', async () => {
  const { config } = loadConfig(flags(), platform);
  const { logger } = captureLogger('error');
  const exporter = await serve(config, platform, logger);
  try {
    const { port } = exporter.server.address() as AddressInfo;
    for (const path of ['/metrics', '/healthz', '/readyz']) {
      for (const method of ['GET', 'HEAD']) {
        assert.equal((await httpCall(port, path, method)).status, 200, `${method} ${path}`);
      }
    }
    for (const name of ['express', 'yaml', 'bcryptjs']) assert.equal(loaded(name), false, name);
    const page = await httpCall(port, '/');
    assert.equal(page.status, 200);
    assert.match(page.body.toString(), /<html/i);
    assert.equal(loaded('express'), true, 'the first request express serves loads it');
  } finally {
    await exporter.close();
  }
});

test('a config file loads yaml when it is read', () => {
  const file = join(storage, 'config.yml');
  writeFileSync(file, 'log:\n  level: warn\n');
  assert.equal(loaded('yaml'), false);
  const { config } = loadConfig(flags(`--config.file=${file}`), platform);
  assert.equal(config.log.level, 'warn');
  assert.equal(loaded('yaml'), true);
});

test('an app that cannot be built: 500 for each request it would serve, one log line, no crash', async () => {
  const { logger, logs } = captureLogger('error');
  let builds = 0;
  const listener = lazyApp(() => {
    builds++;
    throw new Error('cannot find module express');
  }, logger);
  const server = createServer(listener).listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    for (const path of ['/', '/status/app.js']) {
      const answer = await httpCall(port, path);
      assert.equal(answer.status, 500);
      assert.equal(answer.body.toString(), 'internal server error\n');
    }
    assert.equal(builds, 1, 'built once, not again for every request');
    assert.equal(logs.length, 1);
    const line = JSON.parse(logs[0] ?? '{}') as { message?: string; err?: string };
    assert.match(line.message ?? '', /^cannot build the HTTP app/);
    assert.equal(line.err, 'cannot find module express');
  } finally {
    server.close();
  }
});

test('an app that builds is built once, on its first request', async () => {
  const { logger } = captureLogger('error');
  let builds = 0;
  const listener = lazyApp(() => {
    builds++;
    return (_req, res) => res.end('app\n');
  }, logger);
  const server = createServer(listener).listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    assert.equal(builds, 0);
    for (let n = 0; n < 2; n++) assert.equal((await httpCall(port, '/')).body.toString(), 'app\n');
    assert.equal(builds, 1);
  } finally {
    server.close();
  }
});
