// TLS settings from the web config file with certificates made by openssl: what is
// checked at load (and named by key), Go's client policies after the handshake, and the
// watcher that reloads a changed file and keeps the settings in force when it is bad.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadWebSettings, type WebSettings } from '../../src/server/web/settings';
import { clientRefusal, sanValues, type PeerCertificate, type TlsSettings } from '../../src/server/web/tls';
import { WebConfigWatcher } from '../../src/server/web/watcher';
import { makeCerts, type KeyPair, type TestCerts } from '../support/certs';
import { captureLogger } from '../support/collector';
import { needTools } from '../support/tools';

const skip = needTools('openssl');
const dir = mkdtempSync(join(tmpdir(), 'hostwatch-web-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let certs: TestCerts | undefined;
const made = () => (certs ??= makeCerts(dir));

function webFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('SANs as OpenSSL writes them, IPv6 as Go writes it', () => {
  assert.deepEqual(
    sanValues(
      'DNS:one, DNS:two, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, email:a@b, URI:spiffe://x/y',
    ),
    ['one', 'two', '127.0.0.1', '::1', 'a@b', 'spiffe://x/y'],
  );
  assert.deepEqual(sanValues('DNS:"a, b", DNS:c'), ['a, b', 'c']);
  assert.deepEqual(sanValues(undefined), []);
});

test("Go's five client policies, decided after the handshake", () => {
  const policy = (clientAuth: TlsSettings['clientAuth'], allowedSans?: string[]) =>
    ({ clientAuth, allowedSans }) as unknown as TlsSettings;
  const none: PeerCertificate = { present: false, authorized: false, subjectAltName: undefined };
  const unverified = { present: true, authorized: false, subjectAltName: 'DNS:client-one' };
  const verified = { present: true, authorized: true, subjectAltName: 'DNS:client-one' };
  const table: [TlsSettings, PeerCertificate, string | undefined][] = [
    [policy('NoClientCert'), none, undefined],
    [policy('RequestClientCert'), unverified, undefined],
    [policy('RequireAnyClientCert'), none, 'no client certificate'],
    [policy('RequireAnyClientCert'), unverified, undefined],
    [policy('RequireClientCert'), none, 'no client certificate'],
    [policy('VerifyClientCertIfGiven'), none, undefined],
    [policy('VerifyClientCertIfGiven'), unverified, 'client certificate not signed by client_ca'],
    [policy('VerifyClientCertIfGiven'), verified, undefined],
    [policy('RequireAndVerifyClientCert'), none, 'no client certificate'],
    [policy('RequireAndVerifyClientCert'), verified, undefined],
    [
      policy('RequireAndVerifyClientCert', ['client-two']),
      verified,
      'client certificate has none of client_allowed_sans',
    ],
    [policy('RequireAndVerifyClientCert', ['x', 'client-one']), verified, undefined],
  ];
  for (const [settings, peer, expected] of table) {
    assert.equal(clientRefusal(settings, peer), expected, `${settings.clientAuth} ${JSON.stringify(peer)}`);
  }
});

test('load: certificate, key and CA are checked and named by key', { skip }, () => {
  const c = made();
  const tls = (lines: string[]) =>
    webFile('t.yml', ['tls_server_config:', ...lines.map((l) => `  ${l}`)].join('\n'));
  const good = loadWebSettings(tls([`cert_file: ${c.server.cert}`, `key_file: ${c.server.key}`]));
  assert.equal(good.tls?.requestCert, false);
  assert.deepEqual(good.files, [join(dir, 't.yml'), c.server.cert, c.server.key]);
  const verify = loadWebSettings(
    tls([
      `cert_file: ${c.server.cert}`,
      `key_file: ${c.server.key}`,
      'client_ca_file: ca.pem',
      'client_auth_type: RequireAndVerifyClientCert',
      'cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]',
    ]),
  );
  assert.deepEqual([verify.tls?.requestCert, verify.tls?.rejectUnauthorized], [true, true]);
  assert.equal(
    verify.tls?.context.ciphers,
    'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256',
  );
  const mistakes: [string[], RegExp][] = [
    [
      [`cert_file: ${c.server.cert}`, `key_file: ${c.client.key}`],
      /tls_server_config.key_file .*accepted: the PEM private key of the certificate/,
    ],
    [
      [`cert_file: ${c.server.key}`, `key_file: ${c.server.key}`],
      /tls_server_config.cert_file .*accepted: a PEM certificate/,
    ],
    [
      [`cert_file: ${c.server.cert}`, 'key_file: missing.key'],
      /cannot read tls_server_config.key_file ".*missing.key" .*\(ENOENT\)/,
    ],
    [
      [
        `cert_file: ${c.server.cert}`,
        `key_file: ${c.server.key}`,
        `client_ca_file: ${c.server.key}`,
        'client_auth_type: RequestClientCert',
      ],
      /tls_server_config.client_ca_file .*accepted: PEM CA certificates/,
    ],
  ];
  for (const [lines, message] of mistakes) assert.throws(() => loadWebSettings(tls(lines)), message);
  const leaked = (() => {
    try {
      loadWebSettings(tls([`cert_file: ${c.server.cert}`, `key_file: ${c.client.key}`]));
      return '';
    } catch (error) {
      return String(error);
    }
  })();
  assert.doesNotMatch(leaked, /BEGIN|PRIVATE/, 'no key material in the message');
});

test(
  'watcher: a changed file is applied, a bad one logged once and the settings in force kept',
  { skip },
  async () => {
    const c = made();
    const tlsLines = (pair: KeyPair) =>
      `tls_server_config:\n  cert_file: ${pair.cert}\n  key_file: ${pair.key}\n`;
    const path = webFile('w.yml', tlsLines(c.server));
    const applied: WebSettings[] = [];
    const { logger, logs } = captureLogger();
    const watcher = new WebConfigWatcher(loadWebSettings(path), (next) => applied.push(next), logger);

    await watcher.check(false);
    assert.equal(applied.length, 0, 'nothing changed, nothing applied');

    writeFileSync(path, `${tlsLines(c.server)}  client_auth_type: Maybe\n`);
    await watcher.check(false);
    await watcher.check(false);
    assert.equal(applied.length, 0);
    assert.equal(
      logs.filter((l) => /web config not reloaded/.test(l)).length,
      1,
      'logged once, not at every poll',
    );
    assert.match(logs.join(''), /client_auth_type.*Maybe/);

    writeFileSync(path, tlsLines(c.rotated));
    await watcher.check(false);
    assert.equal(applied.length, 1);
    assert.match(String(applied[0]?.tls?.context.cert), /BEGIN CERTIFICATE/);
    assert.equal(watcher.current, applied[0]);

    // The certificate file alone changes (a rotation that keeps the web config file).
    copyFileSync(c.server.cert, c.rotated.cert);
    copyFileSync(c.server.key, c.rotated.key);
    await watcher.check(false);
    assert.equal(applied.length, 2, 'a named file changing is a change too');

    writeFileSync(path, 'basic_auth_users: {}\n');
    await watcher.check(false);
    assert.equal(applied.length, 2);
    assert.match(logs.join(''), /switching between TLS and plain HTTP needs a restart/);
    watcher.stop();
  },
);
