// X-Prometheus-Scrape-Timeout-Seconds on /metrics: a collector that cannot finish within
// the scrape's budget reports success 0 for that scrape and the others still answer
// (windows_exporter #2177 reports every collector as timed out instead). A collector is
// never updated twice at once, and a stuck one does not pile updates up.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { gauge } from '../../src/runtime/metrics';
import { Runner } from '../../src/runtime/runner';
import { scrapeBudgetSeconds } from '../../src/runtime/scrape-timeout';
import { SerialUpdate } from '../../src/runtime/serial-update';
import { createApp } from '../../src/server/app';
import { ExpositionCache } from '../../src/server/exposition';
import { fastPathFirst } from '../../src/server/fast-path';
import { createRegistries } from '../../src/serve';
import { captureLogger, stubCollector } from '../support/collector';

test('the budget: the header minus 0.5 s, half of a header too short for the margin', () => {
  assert.equal(scrapeBudgetSeconds(undefined), undefined);
  assert.equal(scrapeBudgetSeconds('10'), 9.5);
  assert.equal(scrapeBudgetSeconds('0.4'), 0.2);
  for (const bad of ['soon', '-1', '0', 'Infinity'])
    assert.ok(scrapeBudgetSeconds(bad) instanceof Error, bad);
});

/** A runner with a fast collector and a slow one the test releases. */
function slowAndFast() {
  const registries = createRegistries();
  const { logger, logs } = captureLogger();
  let slowStarted = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const fast = stubCollector('fast', (ctx) => {
    const g = gauge(ctx.registers, { name: 'hostwatch_test_fast', help: 'Set by every update.' });
    return { isReady: () => true, update: () => g.set(1) };
  });
  const slow = stubCollector('slow', () => ({
    isReady: () => true,
    update: async () => {
      slowStarted++;
      await released;
    },
  }));
  const runner = new Runner([registries.prometheus, registries.openmetrics], logger, 'linux');
  runner.add(fast, { enabled: true, timeout: 30 });
  runner.add(slow, { enabled: true, timeout: 30 });
  return { registries, runner, logger, logs, release, slowStarted: () => slowStarted };
}

const success = (text: string, name: string) =>
  new RegExp(`^hostwatch_collector_success\\{collector="${name}"\\} (\\d)$`, 'm').exec(text)?.[1];

test('over HTTP: the slow collector reports 0 for this scrape, the fast one 1; a bad header is 400', async () => {
  const { registries, runner, logger, release } = slowAndFast();
  const exposition = new ExpositionCache(runner, registries, 0);
  const info = { version: 't', platform: 'linux' as const, arch: 'x64', nodeVersion: process.version };
  const app = createApp({ telemetryPath: '/metrics', registries, runner, info, exposition });
  const server = createServer(
    fastPathFirst({ telemetryPath: '/metrics', exposition, runner, logger }, app),
  ).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const scrape = (timeout: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers = { 'X-Prometheus-Scrape-Timeout-Seconds': timeout };
      get({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
  try {
    const answer = await scrape('0.8');
    assert.equal(answer.status, 200);
    assert.equal(success(answer.body, 'slow'), '0');
    assert.equal(success(answer.body, 'fast'), '1');
    assert.match(answer.body, /^hostwatch_test_fast 1$/m);
    const bad = await scrape('later');
    assert.equal(bad.status, 400);
    assert.match(bad.body, /X-Prometheus-Scrape-Timeout-Seconds is "later"; accepted: a positive number/);
  } finally {
    release();
    server.close();
    await runner.stop();
  }
});

test('a stuck collector: cut at the budget, its next update never starts while it hangs, logged once per reason', async () => {
  const { registries, runner, logs, release, slowStarted } = slowAndFast();
  await runner.freshUpdate(0.1);
  assert.equal(slowStarted(), 1);
  await runner.freshUpdate(0.1);
  await runner.freshUpdate(0.1);
  assert.equal(slowStarted(), 1, 'no update piled up behind the one that hangs');
  const text = await registries.prometheus.metrics();
  assert.equal(success(text, 'slow'), '0');
  assert.equal(success(text, 'fast'), '1');
  assert.match(text, /^hostwatch_collector_errors_total\{collector="slow"\} 3$/m);
  const failures = logs.filter((l) => /collector update failed/.test(l));
  assert.equal(failures.length, 2, failures.join(''));
  assert.match(failures[0] ?? '', /slow update timed out after 0.1 s \(the scrape's deadline\)"/);
  assert.match(failures[1] ?? '', /\(the scrape's deadline\) \(its previous update was still running\)/);
  release();
  await runner.freshUpdate(0.5);
  assert.equal(slowStarted(), 2);
  assert.equal(success(await registries.prometheus.metrics(), 'slow'), '1');
  await runner.stop();
});

test('an update shares a scrape only if it was cut at the same or a shorter budget', async () => {
  const budgets: (number | undefined)[] = [];
  const source = { freshUpdate: async (budget?: number) => void budgets.push(budget) };
  const cache = new ExpositionCache(source, createRegistries(), 3600);
  await cache.get('prometheus', 'identity', 5);
  await cache.get('prometheus', 'identity', 9);
  await cache.get('prometheus', 'identity');
  assert.deepEqual(budgets, [5], 'a longer budget and none share the update cut at 5 s');
  await cache.get('prometheus', 'identity', 2);
  assert.deepEqual(budgets, [5, 2], 'a shorter one gets its own');
  await cache.get('prometheus', 'identity', 2);
  assert.deepEqual(budgets, [5, 2]);
});

test('serial updates: never two at once, each in order', async () => {
  const serial = new SerialUpdate('demo');
  let active = 0;
  let most = 0;
  const order: number[] = [];
  const run = (n: number) =>
    serial.run(async () => {
      most = Math.max(most, ++active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(n);
      active--;
    }, 5);
  await Promise.all([run(1), run(2), run(3)]);
  assert.equal(most, 1);
  assert.deepEqual(order, [1, 2, 3]);
});
