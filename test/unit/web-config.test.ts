// The web config file: exporter-toolkit's keys and meaning, every mistake named by its
// key, and secrets never shown. Pure parsing (file.ts) and the TLS names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebConfigError } from '../../src/server/web/errors';
import { parseWebConfig } from '../../src/server/web/file';

const HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
const parse = (text: string) => parseWebConfig(text, '/etc/hw/web.yml');

test('an empty file, or one with only users and headers, is plain HTTP', () => {
  for (const text of ['', '---\n', '{}', 'tls_server_config: {}']) {
    const c = parse(text);
    assert.equal(c.tls, undefined, text);
    assert.equal(c.users.size, 0);
    assert.deepEqual(c.headers, {});
    assert.equal(c.rateLimit, undefined);
  }
  const c = parse(
    `basic_auth_users:\n  alice: ${HASH}\nhttp_server_config:\n  http2: false\n  headers:\n    X-Frame-Options: deny\n    X-XSS-Protection: 1\n    Content-Security-Policy: ""\n`,
  );
  assert.equal(c.tls, undefined);
  assert.equal(c.users.get('alice'), HASH);
  assert.deepEqual(c.headers, { 'X-Frame-Options': 'deny', 'X-XSS-Protection': '1' }, 'blank unsets');
});

test('TLS: files relative to the web config file, toolkit defaults, Go names mapped to OpenSSL', () => {
  const c = parse(
    [
      'tls_server_config:',
      '  cert_file: server.pem',
      '  key_file: /abs/server.key',
      '  client_ca_file: ca.pem',
      '  client_auth_type: RequireAndVerifyClientCert',
      '  client_allowed_sans: [client-one, "::1"]',
      '  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_256_CBC_SHA]',
      '  curve_preferences: [X25519, CurveP256]',
      '  max_version: TLS12',
    ].join('\n'),
  );
  assert.deepEqual(c.tls?.cert, { file: '/etc/hw/server.pem' });
  assert.deepEqual(c.tls?.key, { file: '/abs/server.key' });
  assert.deepEqual(c.tls?.clientCa, { file: '/etc/hw/ca.pem' });
  assert.equal(c.tls?.clientAuth, 'RequireAndVerifyClientCert');
  assert.deepEqual(c.tls?.allowedSans, ['client-one', '::1']);
  assert.deepEqual(c.tls?.ciphers, ['ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA'], 'TLS 1.3 suites stay on');
  assert.deepEqual(c.tls?.curves, ['X25519', 'P-256']);
  assert.equal(c.tls?.minVersion, 'TLSv1.2', 'the toolkit default');
  assert.equal(c.tls?.maxVersion, 'TLSv1.2');
  assert.equal(c.tls?.preferServerCiphers, true);
  const inline = parse('tls_server_config:\n  cert: "-----BEGIN CERTIFICATE-----"\n  key: k\n');
  assert.deepEqual(inline.tls?.cert, { inline: '-----BEGIN CERTIFICATE-----' });
  assert.equal(inline.tls?.clientAuth, 'NoClientCert');
});

test('rate_limit: a token bucket, 0 turns it off', () => {
  assert.deepEqual(parse('rate_limit: {interval: 100ms, burst: 5}').rateLimit, {
    intervalSeconds: 0.1,
    burst: 5,
  });
  assert.equal(parse('rate_limit: {interval: 0, burst: 5}').rateLimit, undefined);
});

const MISTAKES: [string, string, RegExp][] = [
  ['not YAML', 'tls_server_config: [', /is not valid YAML/],
  ['a list at the top', '- a', /the top level .*: a list; accepted: a mapping/],
  [
    'unknown top key',
    'tls_config: {}',
    /unknown key "tls_config".*accepted: tls_server_config, http_server_config/,
  ],
  [
    'unknown TLS key (toolkit junk_key)',
    'tls_server_config:\n  cert_filse: a',
    /unknown key "tls_server_config.cert_filse"/,
  ],
  ['no key', 'tls_server_config:\n  cert_file: a', /tls_server_config.key_file.*one of key or key_file/],
  ['no cert', 'tls_server_config:\n  key_file: a', /tls_server_config.cert_file.*one of cert or cert_file/],
  [
    'both cert and cert_file',
    'tls_server_config:\n  cert: x\n  cert_file: a\n  key_file: b',
    /either cert or cert_file/,
  ],
  [
    'bad policy',
    'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Maybe',
    /client_auth_type.*"Maybe"; accepted: one of NoClientCert, RequestClientCert/,
  ],
  [
    'CA without a policy (toolkit noAuth.bad)',
    'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c',
    /client_auth_type.*a client auth policy when a client CA is set/,
  ],
  [
    'SANs with an optional certificate',
    'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: VerifyClientCertIfGiven\n  client_allowed_sans: [x]',
    /RequireAnyClientCert or RequireClientCert or RequireAndVerifyClientCert with client_allowed_sans/,
  ],
  [
    'invented cipher',
    'tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [TLS_FOO]',
    /cipher_suites\[0\].*"TLS_FOO"; accepted: one of TLS_RSA_WITH_AES_128_CBC_SHA/,
  ],
  [
    'invented curve',
    'tls_server_config:\n  cert_file: a\n  key_file: b\n  curve_preferences: [CurveP999]',
    /curve_preferences\[0\].*accepted: one of CurveP256/,
  ],
  [
    'wrong TLS version',
    'tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS111',
    /min_version.*"TLS111"; accepted: one of TLS10, TLS11, TLS12, TLS13/,
  ],
  [
    'min above max',
    'tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12',
    /max_version.*at or above min_version \(TLS13\)/,
  ],
  [
    'header not allowed (toolkit extra_header)',
    'http_server_config:\n  headers:\n    Foo: bar',
    /unknown key "http_server_config.headers.Foo".*accepted: Strict-Transport-Security/,
  ],
  [
    'bad X-Frame-Options',
    'http_server_config:\n  headers:\n    X-Frame-Options: allow',
    /X-Frame-Options.*"allow"; accepted: one of deny, sameorigin/,
  ],
  [
    'bad X-Content-Type-Options',
    'http_server_config:\n  headers:\n    X-Content-Type-Options: sniff',
    /accepted: one of nosniff/,
  ],
  ['http2 not a boolean', 'http_server_config:\n  http2: yes please', /http2.*accepted: true or false/],
  [
    'bad burst',
    'rate_limit: {interval: 1s, burst: -1}',
    /rate_limit.burst.*-1; accepted: an integer of 0 or more/,
  ],
  ['bad interval', 'rate_limit: {interval: soon}', /rate_limit.interval.*"soon"/],
];

test('every mistake is one error naming the file, the key, the value and what is accepted', () => {
  for (const [what, text, message] of MISTAKES) {
    assert.throws(
      () => parse(text),
      (e: unknown) => {
        assert.ok(e instanceof WebConfigError, what);
        assert.match(e.message, message, what);
        assert.match(e.message, /web config file "\/etc\/hw\/web.yml"/, what);
        return true;
      },
    );
  }
});

test('secrets are named, never shown', () => {
  const notBcrypt = 'plain-text-password';
  assert.throws(
    () => parse(`basic_auth_users:\n  alice: ${notBcrypt}\n`),
    (e: Error) => {
      assert.match(e.message, /basic_auth_users.alice .*\(not shown\); accepted: a bcrypt hash/);
      assert.doesNotMatch(e.message, new RegExp(notBcrypt));
      return true;
    },
  );
  assert.throws(
    () => parse('basic_auth_users:\n  bob: $2y$99$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi\n'),
    /basic_auth_users.bob .*\(not shown\)/,
    'cost out of range',
  );
  assert.throws(
    () => parse('tls_server_config:\n  cert: x\n  key: [secret-key-text]\n'),
    (e: Error) =>
      !e.message.includes('secret-key-text') && /tls_server_config.key .*\(not shown\)/.test(e.message),
  );
});
