// Faults injected into the exporter's own process with an LD_PRELOAD shim built here:
// a bind() that does not return until the test lets it, and a bind() failing with EACCES.
// The real probe, worker thread, timeout and metrics are exercised.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildBindShim, listenConfig } from '../support/bind-shim';
import { sampleValue, startExporter, stopChild, type RunningExporter } from '../support/exporter';
import { needTools } from '../support/tools';
import { waitFor } from '../support/wait';
import { freePort } from '../support/ports';

const skip = needTools('gcc');
let dir: string;
let shim: string;
const running: RunningExporter[] = [];

before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'hostwatch-listen-faults-'));
  shim = buildBindShim(dir);
});
after(async () => {
  await Promise.all(running.map((e) => e.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function scrape(exporter: RunningExporter): Promise<string> {
  const response = await fetch(exporter.url('/metrics'));
  assert.equal(response.status, 200, '/metrics answers');
  return response.text();
}

const value = (text: string, name: string, labels: string) => sampleValue(text, `${name}{${labels}}`);

/** An exporter whose bind() on target `name`'s port blocks until blockFile is removed. */
async function blockedBind(name: string, others: Parameters<typeof listenConfig>[1] = []) {
  const port = await freePort();
  const blockFile = join(dir, `block-${name}`);
  writeFileSync(blockFile, '');
  const config = listenConfig(dir, [
    { name, address: '127.0.0.1', port, interval: '1s', timeout: '300ms' },
    ...others,
  ]);
  const env = { LD_PRELOAD: shim, HOSTWATCH_SHIM_PORT: String(port), HOSTWATCH_SHIM_BLOCK_FILE: blockFile };
  const exporter = await startExporter([`--config.file=${config}`, '--no-collector.clock'], env);
  running.push(exporter);
  return { exporter, blockFile };
}

test(
  'a bind() that blocks: timeout counted once, blocked while it lasts, /metrics keeps answering',
  { skip },
  async () => {
    const { exporter, blockFile } = await blockedBind('slow', [
      { name: 'fast', address: '127.0.0.1', port: 0, interval: '1s' },
    ]);
    const slow = 'target="slow"';
    const blockedText = await waitFor('slow to be blocked', async () => {
      const text = await scrape(exporter);
      return value(text, 'hostwatch_listen_blocked', slow) === 1 ? text : undefined;
    });
    assert.equal(value(blockedText, 'hostwatch_listen_probes_total', `${slow},result="timeout"`), 1);
    assert.equal(value(blockedText, 'hostwatch_listen_up', slow), 0);
    const fastBefore =
      value(blockedText, 'hostwatch_listen_probes_total', 'target="fast",result="success"') ?? 0;

    // Longer than an interval: the scheduler ran meanwhile, and stacked nothing behind the block.
    const later = await waitFor('the block to outlast an interval', async () => {
      const text = await scrape(exporter);
      return (value(text, 'hostwatch_listen_blocked_seconds', slow) ?? 0) > 2.5 ? text : undefined;
    });
    assert.equal(value(later, 'hostwatch_listen_blocked', slow), 1);
    for (const result of ['success', 'error', 'timeout']) {
      const series = `${slow},result="${result}"`;
      assert.equal(
        value(later, 'hostwatch_listen_probes_total', series),
        value(blockedText, 'hostwatch_listen_probes_total', series),
        result,
      );
    }
    const fastAfter = value(later, 'hostwatch_listen_probes_total', 'target="fast",result="success"') ?? 0;
    assert.ok(fastAfter > fastBefore, 'the other target kept being probed');

    unlinkSync(blockFile);
    const released = await waitFor('the blocked probe to return and the next one to succeed', async () => {
      const text = await scrape(exporter);
      const ok = value(text, 'hostwatch_listen_probes_total', `${slow},result="success"`) ?? 0;
      return value(text, 'hostwatch_listen_blocked', slow) === 0 && ok >= 2 ? text : undefined;
    });
    assert.equal(value(released, 'hostwatch_listen_blocked_seconds', slow), 0);
    assert.equal(
      value(released, 'hostwatch_listen_probes_total', `${slow},result="timeout"`),
      1,
      'not recounted',
    );
    assert.equal(value(released, 'hostwatch_listen_up', slow), 1);
    // The late run's bind lasted over 2.5 s; it is observed exactly once, the later runs are quick.
    const bind = (le: string) =>
      value(released, 'hostwatch_listen_duration_seconds_bucket', `le="${le}",${slow},phase="bind"`) ?? NaN;
    assert.equal(bind('+Inf') - bind('1'), 1, 'one late bind observation above 1 s');
    assert.ok(
      exporter.logs.some((l) => /blocked listen probe returned/.test(l) && /"target":"slow"/.test(l)),
    );
  },
);

test('a bind() failing with EACCES is counted as EACCES', { skip }, async () => {
  const port = await freePort();
  const config = listenConfig(dir, [{ name: 'denied', address: '127.0.0.1', port, interval: '1s' }]);
  const env = { LD_PRELOAD: shim, HOSTWATCH_SHIM_PORT: String(port), HOSTWATCH_SHIM_ERRNO: '13' };
  const exporter = await startExporter([`--config.file=${config}`, '--no-collector.clock'], env);
  running.push(exporter);
  const text = await waitFor('an EACCES error', async () => {
    const t = await scrape(exporter);
    return (value(t, 'hostwatch_listen_errors_total', 'target="denied",code="EACCES"') ?? 0) >= 1
      ? t
      : undefined;
  });
  assert.ok((value(text, 'hostwatch_listen_probes_total', 'target="denied",result="error"') ?? 0) >= 1);
  assert.equal(value(text, 'hostwatch_listen_probes_total', 'target="denied",result="success"'), 0);
  assert.equal(value(text, 'hostwatch_listen_up', 'target="denied"'), 0);
  assert.equal(
    value(text, 'hostwatch_collector_success', 'collector="listen"'),
    1,
    'a failing probe is data',
  );
  assert.ok(
    exporter.logs.some(
      (l) => /listen probe failed/.test(l) && /"code":"EACCES"/.test(l) && /"phase":"bind"/.test(l),
    ),
  );
});

test(
  'SIGTERM while a probe is stuck in bind(): the exporter exits 0 and leaves no process',
  { skip },
  async () => {
    const { exporter, blockFile } = await blockedBind('stuck');
    await waitFor('the probe to be stuck', async () =>
      value(await scrape(exporter), 'hostwatch_listen_blocked', 'target="stuck"') === 1 ? true : undefined,
    );
    // stopChild sends SIGTERM and falls back to SIGKILL (exit code null) after 10 s.
    const code = await stopChild(exporter.child, 'SIGTERM');
    assert.equal(code, 0, exporter.logs.join('\n'));
    assert.ok(exporter.logs.some((l) => /"msg":"shutting down"/.test(l)));
    assert.ok(exporter.logs.some((l) => /still blocked in the OS; exiting without waiting/.test(l)));
    assert.throws(() => process.kill(exporter.child.pid as number, 0), /ESRCH/, 'the process is gone');
    unlinkSync(blockFile);
  },
);
