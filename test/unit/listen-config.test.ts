// The listen target list: every invalid config exits 2 with the key, the value and what
// is accepted (table-tested through the real loader), and valid ones resolve as documented.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { resolveTargets } from '../../src/collectors/listen/config';
import { ConfigError } from '../../src/config/errors';
import { loadConfig } from '../../src/config/load';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-listen-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function load(yaml: string, flags: string[] = []) {
  const file = join(dir, 'config.yml');
  writeFileSync(file, yaml);
  return loadConfig(['--config.file', file, ...flags], 'linux');
}

const targets = (body: string) => `collectors:\n  listen:\n    targets:\n${body}`;
const one = (fields: string) => targets(`      - ${fields.split('\n').join('\n        ')}\n`);

const INVALID: [string, string, RegExp][] = [
  [
    'port above 65535',
    one('name: app\naddress: 127.0.0.1\nport: 70000'),
    /targets\.0\.port .*70000.*0 \(ephemeral\) to 65535/,
  ],
  ['negative port', one('name: app\naddress: 127.0.0.1\nport: -1'), /targets\.0\.port .*-1/],
  ['port as text', one('name: app\naddress: 127.0.0.1\nport: http'), /targets\.0\.port .*"http"/],
  [
    'host name',
    one('name: app\naddress: localhost\nport: 0'),
    /targets\.0\.address .*"localhost".*no host names/,
  ],
  ['bracketed IPv6', one('name: app\naddress: "[::1]"\nport: 0'), /targets\.0\.address .*"\[::1\]"/],
  ['name with a space', one('name: my app\naddress: 127.0.0.1\nport: 0'), /targets\.0\.name .*"my app"/],
  ['missing name', one('address: 127.0.0.1\nport: 0'), /targets\.0\.name .*nothing/],
  [
    'bad expect',
    one('name: app\naddress: 127.0.0.1\nport: 80\nexpect: busy'),
    /targets\.0\.expect .*"busy".*free, in_use_ok/,
  ],
  [
    'in_use_ok on port 0',
    one('name: app\naddress: 127.0.0.1\nport: 0\nexpect: in_use_ok'),
    /targets\.0\.expect .*in_use_ok needs a specific port/,
  ],
  [
    'bad interval',
    one('name: app\naddress: 127.0.0.1\nport: 0\ninterval: soon'),
    /targets\.0\.interval .*"soon".*1s to 1h/,
  ],
  [
    'too short interval',
    one('name: app\naddress: 127.0.0.1\nport: 0\ninterval: 100ms'),
    /targets\.0\.interval .*"100ms"/,
  ],
  [
    'timeout over 60s',
    one('name: app\naddress: 127.0.0.1\nport: 0\ntimeout: 2m'),
    /targets\.0\.timeout .*"2m".*10ms to 1m/,
  ],
  [
    'timeout not below interval',
    one('name: app\naddress: 127.0.0.1\nport: 0\ninterval: 2s\ntimeout: 2s'),
    /targets\.0\.timeout .*shorter than the interval/,
  ],
  [
    'unknown key',
    one('name: app\naddress: 127.0.0.1\nport: 0\nbacklog: 5'),
    /targets\.0 .*unknown key "backlog".*name, address, port/,
  ],
  [
    'duplicate names',
    targets(
      '      - { name: a, address: 127.0.0.1, port: 0 }\n      - { name: a, address: "::1", port: 0 }\n',
    ),
    /targets\.1\.name .*used twice/,
  ],
  [
    'empty list',
    'collectors:\n  listen:\n    targets: []\n',
    /collectors\.listen\.targets .*a list.*accepted: a non-empty list of \{name/,
  ],
  [
    'a mapping instead of a list',
    'collectors:\n  listen:\n    targets: { name: a }\n',
    /collectors\.listen\.targets .*a mapping/,
  ],
];

for (const [what, yaml, message] of INVALID) {
  test(`invalid listen config is rejected with key, value and accepted: ${what}`, () => {
    assert.throws(
      () => load(yaml),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, message);
        assert.match(error.message, /accepted: /);
        return true;
      },
    );
  });
}

test('flag values for the collector-level defaults are validated too', () => {
  assert.throws(
    () => load('', ['--collector.listen.probe-timeout=5m']),
    /collectors\.listen\.probe_timeout .*"5m"/,
  );
  assert.throws(() => load('', ['--collector.listen.interval=0s']), /collectors\.listen\.interval/);
});

test('a valid target list resolves with per-target and collector-level defaults', () => {
  const { config } = load(
    targets(
      '      - { name: app, address: 0.0.0.0, port: 8080, expect: in_use_ok, interval: 30s, timeout: 500ms }\n' +
        '      - { name: v6, address: "::", port: 0 }\n',
    ),
    ['--collector.listen.interval=10s'],
  );
  const resolved = resolveTargets(config.collectors['listen'] as never, true);
  assert.deepEqual(resolved, [
    {
      name: 'app',
      address: '0.0.0.0',
      port: 8080,
      expect: 'in_use_ok',
      intervalSeconds: 30,
      timeoutSeconds: 0.5,
    },
    { name: 'v6', address: '::', port: 0, expect: 'free', intervalSeconds: 10, timeoutSeconds: 2 },
  ]);
});

test('without targets: 127.0.0.1:0, plus [::1]:0 only where the host has IPv6 loopback', () => {
  const { config } = load('');
  const options = config.collectors['listen'] as never;
  const names = (v6: boolean) => resolveTargets(options, v6).map((t) => `${t.name}=${t.address}:${t.port}`);
  assert.deepEqual(names(true), ['ipv4_loopback=127.0.0.1:0', 'ipv6_loopback=::1:0']);
  assert.deepEqual(names(false), ['ipv4_loopback=127.0.0.1:0']);
  assert.equal(resolveTargets(options, false)[0]?.timeoutSeconds, 2);
});

test('a timeout is at most 90% of a short interval set by flags', () => {
  const { config } = load('', ['--collector.listen.interval=1s']);
  assert.equal(resolveTargets(config.collectors['listen'] as never, false)[0]?.timeoutSeconds, 0.9);
});
