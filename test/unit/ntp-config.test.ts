// The server list and the options: every accepted spelling, every refusal named, and
// the collector staying off without a server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ntpCollector } from '../../src/collectors/ntp';
import { parseServer, inactiveReason } from '../../src/collectors/ntp/config';
import { loadConfig } from '../../src/config/load';
import { section } from '../../src/config/options';

test('servers: names, IPv4 and IPv6 literals, with or without a port', () => {
  const labels = [
    'time.example.com',
    'Time.Example.COM.:1123',
    '192.0.2.10',
    '192.0.2.10:123',
    '2001:db8::10',
    '[2001:db8::10]',
    '[::1]:4123',
    'localhost',
  ].map((text) => parseServer(text)?.label);
  assert.deepEqual(labels, [
    'time.example.com:123',
    'time.example.com.:1123',
    '192.0.2.10:123',
    '192.0.2.10:123',
    '[2001:db8::10]:123',
    '[2001:db8::10]:123',
    '[::1]:4123',
    'localhost:123',
  ]);
  assert.deepEqual(parseServer('[::1]:4123'), { host: '::1', port: 4123, label: '[::1]:4123' });
});

test('servers: refused spellings', () => {
  for (const text of [
    '',
    'host:0',
    'host:65536',
    'host:12x',
    'host:',
    'under_score.example',
    '-leading.example',
    'fe80::1%eth0',
    '[fe80::1%eth0]:123',
    '[192.0.2.1]:123',
    'http://time.example.com',
    'a..b',
    `${'a'.repeat(64)}.example`,
  ]) {
    assert.equal(parseServer(text), undefined, text);
  }
});

const parse = (raw: Record<string, unknown>) => section(ntpCollector.options).safeParse(raw);

test('the list is a comma-separated flag value or a YAML list; defaults follow the issue', () => {
  const flag = parse({ servers: ' time.example.com , 192.0.2.10:1123,' });
  assert.ok(flag.success);
  assert.deepEqual(
    flag.data.servers.map((s) => s.label),
    ['time.example.com:123', '192.0.2.10:1123'],
  );
  const yaml = parse({ servers: ['[::1]:4123', 'localhost'] });
  assert.ok(yaml.success);
  assert.equal(yaml.data.servers.length, 2);
  const defaults = parse({});
  assert.ok(defaults.success);
  assert.deepEqual(defaults.data, {
    servers: [],
    interval: 64,
    samples: 4,
    sample_spacing: 2,
    reply_timeout: 1,
  });
});

test('duplicates (after normalisation), bad entries and over-long lists are refused', () => {
  assert.equal(parse({ servers: 'a.example,A.example:123' }).success, false);
  assert.equal(parse({ servers: ['a.example', 'b.example:0'] }).success, false);
  assert.equal(parse({ servers: Array.from({ length: 17 }, (_, i) => `s${i}.example`) }).success, false);
  assert.equal(parse({ servers: 5 }).success, false);
  assert.equal(parse({ interval: '121s' }).success, false);
  assert.equal(parse({ samples: 9 }).success, false);
});

test('a bad server exits with a message naming the key, the value and what is accepted', () => {
  assert.throws(
    () => loadConfig(['--collector.ntp.servers=time.example.com,host:0'], 'linux'),
    (error: Error) =>
      error.name === 'ConfigError' &&
      error.message.includes('collectors.ntp.servers (--collector.ntp.servers)') &&
      error.message.includes('"time.example.com,host:0"') &&
      error.message.includes('a host name or IP literal with an optional port 1-65535'),
  );
});

test('no server: the collector is off, and the reason says how to turn it on', () => {
  const reason = inactiveReason({ servers: [] });
  assert.match(reason ?? '', /collectors\.ntp\.servers.*--collector\.ntp\.servers=HOST\[:PORT\]/);
  assert.equal(inactiveReason({ servers: [{ host: 'a', port: 123, label: 'a:123' }] }), undefined);
});
