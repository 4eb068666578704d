// The listen collector in the Windows build end to end: dist/src/main.js in node.exe
// under Wine probes through Wine's ws2_32 in worker threads, scraped from Linux. A port
// held by a Linux listener is taken for Wine's sockets too, and must get the same
// EADDRINUSE label as on Linux; /probe answers for configured names only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listenConfig } from '../support/bind-shim';
import { sampleValue } from '../support/exporter';
import { needTools } from '../support/tools';
import { waitFor } from '../support/wait';
import {
  clonePrefix,
  prepareWindowsRuntime,
  removePrefix,
  startWindowsExporter,
  type WindowsExporter,
} from '../support/wine';

const skip = needTools('wine');

describe('the listen collector in node.exe under Wine', { skip }, () => {
  let prefix: string;
  let dir: string;
  let holder: Server;
  let exporter: WindowsExporter;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostwatch-windows-listen-'));
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const heldPort = (holder.address() as { port: number }).port;
    const config = listenConfig(dir, [
      { name: 'loop', address: '127.0.0.1', port: 0, interval: '1s' },
      { name: 'held', address: '127.0.0.1', port: heldPort, interval: '1s' },
    ]);
    prefix = clonePrefix();
    // Wine maps the Linux root to drive Z:, so the Linux path of the config file works.
    exporter = await startWindowsExporter(prepareWindowsRuntime(), prefix, [
      `--config.file=Z:${config}`,
      '--no-collector.clock',
    ]);
  });
  after(async () => {
    await exporter?.signal('SIGKILL');
    if (prefix) removePrefix(prefix);
    await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('loopback probes succeed through Winsock; a held port is EADDRINUSE', async () => {
    const text = await waitFor(
      'probes of loop and held',
      async () => {
        const t = await exporter.scrape();
        const errors = sampleValue(t, 'hostwatch_listen_errors_total{target="held",code="EADDRINUSE"}') ?? 0;
        // The first probe can outlive its 0.9 s timeout while Wine warms up on a loaded
        // machine (seen in CI: 0.95 s); the next one must succeed.
        return errors >= 1 && sampleValue(t, 'hostwatch_listen_up{target="loop"}') === 1 ? t : undefined;
      },
      60_000,
    );
    assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="listen"}'), 1, exporter.log());
    assert.equal(sampleValue(text, 'hostwatch_listen_up{target="loop"}'), 1, exporter.log());
    assert.equal(sampleValue(text, 'hostwatch_listen_up{target="held"}'), 0);
    for (const phase of ['socket', 'bind', 'listen', 'connect', 'accept', 'exchange', 'total']) {
      const count = sampleValue(
        text,
        `hostwatch_listen_duration_seconds_count{target="loop",phase="${phase}"}`,
      );
      assert.ok((count ?? 0) >= 1, `phase ${phase} timed`);
    }
  });

  test('GET /probe runs a configured target and refuses others', async () => {
    const answer = await fetch(exporter.url('/probe?target=loop'));
    assert.equal(answer.status, 200);
    assert.equal(sampleValue(await answer.text(), 'probe_success'), 1);
    const unknown = await fetch(exporter.url('/probe?target=elsewhere'));
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /unknown target "elsewhere"/);
  });
});
