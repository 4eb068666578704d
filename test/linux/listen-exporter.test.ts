// The listen collector inside the real exporter: a held port counted as EADDRINUSE, an
// in_use_ok target, GET /probe for allowed and unknown targets, and the scrape timeout
// header honoured (a bind held by the LD_PRELOAD shim outlives the deadline it sets).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildBindShim, listenConfig } from '../support/bind-shim';
import { sampleValue, startExporter, type RunningExporter } from '../support/exporter';
import { needTools } from '../support/tools';
import { waitFor } from '../support/wait';
import { freePort } from '../support/ports';

const skip = needTools('gcc');
let dir: string;
let holder: Server;
let heldPort: number;
let gatedPort: number;
let blockFile: string;
let exporter: RunningExporter;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'hostwatch-listen-exporter-'));
  blockFile = join(dir, 'block');
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  heldPort = (holder.address() as { port: number }).port;
  gatedPort = await freePort();
  const config = listenConfig(dir, [
    { name: 'loop', address: '127.0.0.1', port: 0, interval: '1s' },
    { name: 'held', address: '127.0.0.1', port: heldPort, interval: '1s' },
    { name: 'app', address: '127.0.0.1', port: heldPort, interval: '1s', expect: 'in_use_ok' },
    { name: 'gated', address: '127.0.0.1', port: gatedPort, interval: '1h', timeout: '10s' },
  ]);
  const env = {
    LD_PRELOAD: buildBindShim(dir),
    HOSTWATCH_SHIM_PORT: String(gatedPort),
    HOSTWATCH_SHIM_BLOCK_FILE: blockFile,
  };
  exporter = await startExporter([`--config.file=${config}`, '--no-collector.clock'], env);
});
after(async () => {
  await exporter?.stop();
  await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const metric = (text: string, name: string, labels = '') =>
  sampleValue(text, labels ? `${name}{${labels}}` : name);

async function probe(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(exporter.url(`/probe${query}`), { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

test('a port held by another listener is counted as EADDRINUSE; in_use_ok accepts it', { skip }, async () => {
  const text = await waitFor('probes of held, app and loop', async () => {
    const t = await exporter.scrape();
    const errors = metric(t, 'hostwatch_listen_errors_total', 'target="held",code="EADDRINUSE"') ?? 0;
    const probed = ['app', 'loop'].every(
      (n) => metric(t, 'hostwatch_listen_up', `target="${n}"`) !== undefined,
    );
    return errors >= 1 && probed ? t : undefined;
  });
  assert.equal(metric(text, 'hostwatch_listen_up', 'target="held"'), 0);
  assert.equal(metric(text, 'hostwatch_listen_up', 'target="app"'), 1);
  assert.equal(metric(text, 'hostwatch_listen_errors_total', 'target="app",code="EADDRINUSE"'), undefined);
  assert.equal(metric(text, 'hostwatch_listen_up', 'target="loop"'), 1);
  for (const phase of ['socket', 'bind', 'listen', 'connect', 'accept', 'exchange', 'total']) {
    const count = metric(text, 'hostwatch_listen_duration_seconds_count', `target="loop",phase="${phase}"`);
    assert.ok((count ?? 0) >= 1, `phase ${phase} timed`);
  }
});

test(
  'the scrape and the /probe answer pass promtool check metrics',
  { skip: skip || needTools('promtool') },
  async () => {
    const check = spawnSync('promtool', ['check', 'metrics'], {
      input: await exporter.scrape(),
      encoding: 'utf8',
    });
    const listenLines = `${check.stdout}${check.stderr}`.split('\n').filter((l) => l.includes('listen'));
    assert.deepEqual(listenLines, [], 'no promtool findings for the listen family');
    const probeCheck = spawnSync('promtool', ['check', 'metrics'], {
      input: (await probe('?target=loop')).text,
      encoding: 'utf8',
    });
    assert.equal(`${probeCheck.stdout}${probeCheck.stderr}`, '', 'the /probe answer is promtool-clean');
    assert.equal(probeCheck.status, 0);
  },
);

test('GET /probe of a configured target runs one probe and answers probe_* metrics', { skip }, async () => {
  const answer = await probe('?target=loop');
  assert.equal(answer.status, 200);
  assert.match(answer.type ?? '', /^text\/plain; version=0\.0\.4/);
  assert.equal(metric(answer.text, 'probe_success'), 1);
  assert.ok((metric(answer.text, 'probe_duration_seconds') ?? -1) > 0);
  for (const phase of ['bind', 'listen', 'connect', 'accept', 'total']) {
    assert.ok(metric(answer.text, 'probe_listen_duration_seconds', `phase="${phase}"`) !== undefined, phase);
  }
  const failed = await probe('?target=held');
  assert.equal(metric(failed.text, 'probe_success'), 0);
  assert.equal(metric(failed.text, 'probe_listen_error_info', 'code="EADDRINUSE",phase="bind"'), 1);
});

test('GET /probe refuses names that are not configured, and bad requests, with 400', { skip }, async () => {
  const unknown = await probe('?target=evil');
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /unknown target "evil"; accepted: .*loop, held, app, gated/);
  assert.equal((await probe('')).status, 400);
  assert.match((await probe('')).text, /missing \?target=/);
  assert.equal((await probe('?target=loop&target=held')).status, 400);
  const badHeader = await probe('?target=loop', { 'X-Prometheus-Scrape-Timeout-Seconds': 'soon' });
  assert.equal(badHeader.status, 400);
  assert.match(badHeader.text, /X-Prometheus-Scrape-Timeout-Seconds is "soon"/);
  assert.equal((await fetch(exporter.url('/probe?target=loop'), { method: 'POST' })).status, 405);
});

test('GET /probe honours X-Prometheus-Scrape-Timeout-Seconds minus the margin', { skip }, async () => {
  await waitFor('the first background probe of gated', async () => {
    const t = await exporter.scrape();
    const succeeded = metric(t, 'hostwatch_listen_probes_total', 'target="gated",result="success"') ?? 0;
    return succeeded >= 1 ? t : undefined;
  });
  const free = await probe('?target=gated');
  assert.equal(metric(free.text, 'probe_listen_deadline_seconds'), 10, 'no header: the target timeout');
  writeFileSync(blockFile, '');
  try {
    const held = await probe('?target=gated', { 'X-Prometheus-Scrape-Timeout-Seconds': '1.5' });
    assert.equal(held.status, 200);
    assert.equal(metric(held.text, 'probe_listen_deadline_seconds'), 1);
    assert.equal(
      metric(held.text, 'probe_listen_timed_out'),
      1,
      'answered at the 1 s deadline, not the 10 s timeout',
    );
    assert.equal(metric(held.text, 'probe_success'), 0);
    const again = await probe('?target=gated', { 'X-Prometheus-Scrape-Timeout-Seconds': '1.5' });
    assert.equal(metric(again.text, 'probe_listen_blocked'), 1, 'nothing stacked behind the blocked probe');
    assert.equal(metric(await exporter.scrape(), 'hostwatch_listen_blocked', 'target="gated"'), 1);
  } finally {
    unlinkSync(blockFile);
  }
  await waitFor('gated to be unblocked', async () =>
    metric(await exporter.scrape(), 'hostwatch_listen_blocked', 'target="gated"') === 0 ? true : undefined,
  );
  const text = await exporter.scrape();
  assert.equal(
    metric(text, 'hostwatch_listen_probes_total', 'target="gated",result="timeout"'),
    0,
    'on-demand runs are not counted',
  );
});
