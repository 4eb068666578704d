// `hostwatch-exporter check` on listen targets from a config file: a port another
// listener holds needs attention (exit 1) with the stable code and the runbook.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { listenConfig } from '../support/bind-shim';
import { MAIN } from '../support/exporter';

let dir: string;
let holder: Server;
let heldPort: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostwatch-check-listen-'));
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  heldPort = (holder.address() as { port: number }).port;
});
after(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function check(targets: Record<string, string | number>[]) {
  const config = listenConfig(dir, targets);
  const only = ['clock', 'timesync', 'timer', 'topology', 'services'].map((c) => `--no-collector.${c}`);
  return spawnSync(process.execPath, [MAIN, 'check', `--config.file=${config}`, ...only], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('a held port needs attention: EADDRINUSE at bind, its runbook, exit 1', () => {
  const run = check([
    { name: 'loop', address: '127.0.0.1', port: 0 },
    { name: 'held', address: '127.0.0.1', port: heldPort },
  ]);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^ {2}ok +loop \(127\.0\.0\.1:0\): bind /m);
  assert.match(
    run.stdout,
    new RegExp(
      `^ {2}ATTENTION +held \\(127\\.0\\.0\\.1:${heldPort}\\): bind failed with EADDRINUSE \\(OS error 98\\) {2}-> docs/runbooks/HostwatchListenFailing\\.md$`,
      'm',
    ),
  );
});

test('the same port with expect: in_use_ok is all well, exit 0', () => {
  const run = check([{ name: 'app', address: '127.0.0.1', port: heldPort, expect: 'in_use_ok' }]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^ {2}ok +app \(127\.0\.0\.1:\d+\): in use, as expected/m);
});
