// A table of invalid configurations: the real CLI exits 2 with one exact message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { collectorNames } from '../../src/collectors';
import { MAIN } from '../support/exporter';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], yaml?: string) {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yml`);
  if (yaml !== undefined) writeFileSync(file, yaml);
  const fileArgs = yaml === undefined ? [] : [`--config.file=${file}`];
  const r = spawnSync(process.execPath, [MAIN, ...fileArgs, ...args, '--config.check'], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr.replaceAll(file, 'FILE'), stdout: r.stdout };
}

const invalidFiles: [string, string, string][] = [
  [
    'unknown top-level key',
    'webb:\n  listen_address: ":1"\n',
    'unknown key "webb" in "FILE"; accepted: web, log, storage, collectors',
  ],
  [
    'unknown key in a section',
    'web:\n  listen_adress: ":9877"\n',
    'unknown key "web.listen_adress" in "FILE"; accepted: listen_address, telemetry_path, max_requests, header_timeout, request_timeout, max_header_bytes, config',
  ],
  [
    'a key at its default, wrong next to another',
    'web:\n  header_timeout: 40s\n',
    'invalid value for web.request_timeout ("FILE"): 30s (the default); accepted: a duration at least as long as web.header_timeout (--web.header-timeout)',
  ],
  [
    'unknown collector',
    'collectors:\n  clocks:\n    enabled: true\n',
    'unknown collector "collectors.clocks" in "FILE"; accepted: ' + 'COLLECTORS',
  ],
  [
    'interval below the range',
    'collectors:\n  clock:\n    interval: 50ms\n',
    'invalid value for collectors.clock.interval ("FILE"): "50ms"; accepted: a duration from 100ms to 5s (e.g. "1s", "250ms")',
  ],
  [
    'interval of the wrong type',
    'collectors:\n  clock:\n    interval: 1\n',
    'invalid value for collectors.clock.interval ("FILE"): 1; accepted: a duration from 100ms to 5s (e.g. "1s", "250ms")',
  ],
  [
    'port out of range',
    'web:\n  listen_address: ":70000"\n',
    'invalid value for web.listen_address ("FILE"): ":70000"; accepted: host:port with a port from 0 (any free port) to 65535 (":9877", "127.0.0.1:9877", "[::1]:9877")',
  ],
  [
    'enum value not accepted',
    'log:\n  format: text\n',
    'invalid value for log.format ("FILE"): "text"; accepted: one of json, logfmt',
  ],
  [
    'integer out of range',
    'collectors:\n  clock:\n    brackets: 0\n',
    'invalid value for collectors.clock.brackets ("FILE"): 0; accepted: an integer from 1 to 64',
  ],
  [
    'boolean of the wrong type',
    'collectors:\n  clock:\n    enabled: "yes"\n',
    'invalid value for collectors.clock.enabled ("FILE"): "yes"; accepted: true or false',
  ],
  [
    'section that is not a mapping',
    'web: 9877\n',
    'invalid value for web ("FILE"): 9877; accepted: a mapping',
  ],
  ['invalid YAML', 'web:\n  listen_address: ":1\n', 'config file "FILE" is not valid YAML: '],
  [
    'top level that is a list',
    '- web\n',
    'config file "FILE": the top level is a list; accepted: a mapping of sections (web, log, storage, collectors)',
  ],
];

describe('invalid configuration exits 2 with one message', () => {
  for (const [name, yaml, message] of invalidFiles) {
    test(name, () => {
      const r = cli([], yaml);
      assert.equal(r.status, 2, r.stderr);
      const expected = `hostwatch-exporter: ${message.replace('COLLECTORS', collectorNames().join(', '))}`;
      if (message.endsWith(': ')) assert.ok(r.stderr.startsWith(expected), r.stderr);
      else assert.equal(r.stderr, `${expected}\n`);
    });
  }

  test('an unreadable file', () => {
    const r = cli([`--config.file=${join(dir, 'missing.yml')}`]);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /cannot read config file ".*missing\.yml" \(ENOENT\); accepted: a readable YAML file/,
    );
  });

  test('flags: an unknown collector, an unknown flag and a bad value name the flag', () => {
    assert.equal(
      cli(['--collector.nope']).stderr,
      `hostwatch-exporter: unknown collector "nope" in flag --collector.nope; accepted: ${collectorNames().join(', ')}\n`,
    );
    assert.equal(cli(['--web.nope=1']).status, 2);
    const bad = cli(['--collector.clock.brackets=many']);
    assert.equal(bad.status, 2);
    assert.equal(
      bad.stderr,
      'hostwatch-exporter: invalid value for collectors.clock.brackets (--collector.clock.brackets): "many"; accepted: an integer from 1 to 64\n',
    );
  });

  test('flags win over the file', () => {
    const r = cli(['--collector.clock.interval=2s'], 'collectors:\n  clock:\n    interval: 3s\n');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /"interval": 2/);
  });
});
