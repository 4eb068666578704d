// The real exporter with --web.config.file: TLS handshakes and Go's client-certificate
// policies with certificates openssl makes, basic auth (401 without or with wrong
// credentials, on every path, the scrape fast path included), and the file replaced by
// good and bad ones while the exporter runs: a good one is applied to new connections
// without dropping the listener, a bad one is logged and the settings in force kept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { makeCerts, type KeyPair, type TestCerts } from '../support/certs';
import { MAIN, startExporter, type RunningExporter } from '../support/exporter';
import { basicAuth, httpsGet, refusal, type HttpsCall } from '../support/https';
import { needTools } from '../support/tools';
import { waitFor } from '../support/wait';

const skip = needTools('openssl');
const dir = mkdtempSync(join(tmpdir(), 'hostwatch-webcfg-'));
const running: RunningExporter[] = [];
after(async () => {
  await Promise.all(running.map((e) => e.stop()));
  rmSync(dir, { recursive: true, force: true });
});
let certs: TestCerts | undefined;
const made = () => (certs ??= makeCerts(dir));

const webFile = join(dir, 'web.yml');
const tlsLines = (server: KeyPair, ...more: string[]) =>
  ['tls_server_config:', `  cert_file: ${server.cert}`, `  key_file: ${server.key}`, ...more].join('\n') +
  '\n';

async function exporterWith(text: string): Promise<RunningExporter> {
  writeFileSync(webFile, text);
  const e = await startExporter([`--web.config.file=${webFile}`]);
  running.push(e);
  return e;
}

const count = (e: RunningExporter, msg: string) => e.logs.filter((l) => l.includes(`"msg":"${msg}"`)).length;

/** Writes the file and waits for the exporter to log that it took (or refused) it. */
async function replace(e: RunningExporter, text: string, outcome: 'reloaded' | 'not reloaded') {
  const msg =
    outcome === 'reloaded'
      ? 'web config reloaded'
      : 'web config not reloaded; the settings in force are kept';
  const before = count(e, msg);
  writeFileSync(webFile, text);
  await waitFor(`web config ${outcome}`, async () => (count(e, msg) > before ? true : undefined));
}

describe('TLS', { skip }, () => {
  test('the handshake: the server certificate, verified by the CA; plain HTTP and untrusting clients get nothing', async () => {
    const c = made();
    const e = await exporterWith(tlsLines(c.server));
    const ok = await httpsGet(e.port, '/metrics', { ca: c.ca.cert });
    assert.equal(ok.status, 200);
    assert.equal(ok.serverName, 'server');
    assert.match(ok.body, /^hostwatch_build_info\{/m);
    assert.ok(await refusal(httpsGet(e.port, '/metrics', { ca: c.strangerClient.cert })), 'an unknown CA');
    await assert.rejects(fetch(e.url('/metrics')), 'plain HTTP on the TLS port');
    assert.ok(e.logs.some((l) => /"msg":"listening".*"tls":true/.test(l)));
  });

  test("Go's client policies, at start and after reloads, with trusted, stranger and no certificates", async () => {
    const c = made();
    const policy = (type: string, ...more: string[]) =>
      tlsLines(c.server, `  client_ca_file: ${c.ca.cert}`, `  client_auth_type: ${type}`, ...more);
    const e = await exporterWith(policy('RequireAndVerifyClientCert'));
    const served = async (client?: KeyPair) => {
      const call: HttpsCall = { ca: c.ca.cert, ...(client ? { client } : {}) };
      return (await refusal(httpsGet(e.port, '/metrics', call))) === undefined;
    };
    const check = async (
      what: string,
      none: boolean,
      trusted: boolean,
      stranger: boolean,
      other = trusted,
    ) => {
      assert.deepEqual(
        {
          none: await served(),
          trusted: await served(c.client),
          stranger: await served(c.strangerClient),
          other: await served(c.otherClient),
        },
        { none, trusted, stranger, other },
        what,
      );
    };
    await check('RequireAndVerifyClientCert', false, true, false);
    await replace(e, policy('VerifyClientCertIfGiven'), 'reloaded');
    await check('VerifyClientCertIfGiven', true, true, false);
    await replace(e, policy('RequireAnyClientCert'), 'reloaded');
    await check('RequireAnyClientCert', false, true, true);
    await replace(e, policy('RequestClientCert'), 'reloaded');
    await check('RequestClientCert', true, true, true);
    await replace(e, policy('RequireAndVerifyClientCert', '  client_allowed_sans: [client-two]'), 'reloaded');
    await check('client_allowed_sans', false, false, false, true);
    await replace(e, tlsLines(c.server), 'reloaded');
    await check('NoClientCert', true, true, true);
  });

  test('a rotated certificate is served on new connections, open ones kept; a bad file changes nothing', async () => {
    const c = made();
    const e = await exporterWith(tlsLines(c.server));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await httpsGet(e.port, '/healthz', { ca: c.ca.cert, agent });
      assert.equal(first.serverName, 'server');
      await replace(e, tlsLines(c.rotated), 'reloaded');
      assert.equal((await httpsGet(e.port, '/healthz', { ca: c.ca.cert })).serverName, 'rotated');
      const kept = await httpsGet(e.port, '/healthz', { ca: c.ca.cert, agent });
      assert.deepEqual([kept.status, kept.reused, kept.serverName], [200, true, 'server']);

      await replace(e, tlsLines(c.server, '  client_auth_type: Sometimes'), 'not reloaded');
      await replace(e, tlsLines({ cert: c.server.cert, key: c.client.key }), 'not reloaded');
      await replace(e, 'basic_auth_users: {}\n', 'not reloaded');
      assert.equal((await httpsGet(e.port, '/healthz', { ca: c.ca.cert })).serverName, 'rotated');
      const bad = e.logs.filter((l) => l.includes('web config not reloaded'));
      assert.match(bad[0] ?? '', /client_auth_type.*Sometimes.*accepted: one of NoClientCert/);
      assert.match(bad[1] ?? '', /tls_server_config.key_file .*accepted: the PEM private key/);
      assert.match(bad[2] ?? '', /switching between TLS and plain HTTP needs a restart/);
      assert.doesNotMatch(bad.join(''), /BEGIN|PRIVATE KEY/, 'no key material logged');
    } finally {
      agent.destroy();
    }
  });
});

describe('basic auth', () => {
  const users = (password: string) => `basic_auth_users:\n  alice: ${bcrypt.hashSync(password, 4)}\n`;

  test('401 without credentials, with a wrong password or an unknown user, on every path', async () => {
    const e = await exporterWith(
      users('first') + 'http_server_config:\n  headers:\n    Strict-Transport-Security: max-age=60\n',
    );
    const get = (path: string, headers: Record<string, string> = {}) => fetch(e.url(path), { headers });
    for (const path of [
      '/metrics',
      '/metrics?format=openmetrics',
      '/',
      '/status/',
      '/probe?target=x',
      '/nope',
    ]) {
      for (const headers of [
        {},
        basicAuth('alice', 'First'),
        basicAuth('bob', 'first'),
        { Authorization: 'Bearer x' },
      ]) {
        const r = await get(path, headers);
        assert.equal(r.status, 401, `${path} ${JSON.stringify(headers)}`);
        assert.equal(r.headers.get('www-authenticate'), 'Basic');
        assert.equal(await r.text(), 'unauthorized\n');
      }
    }
    const ok = await get('/metrics', basicAuth('alice', 'first'));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('strict-transport-security'), 'max-age=60');
    assert.match(await ok.text(), /^hostwatch_build_info\{/m);
    assert.equal((await get('/healthz')).status, 401, 'health checks are behind auth too, as in the toolkit');
  });

  test('the file replaced while running: a new password takes over, a bad file keeps it', async () => {
    const e = await exporterWith(users('first'));
    const status = async (password: string) =>
      (await fetch(e.url('/metrics'), { headers: basicAuth('alice', password) })).status;
    assert.deepEqual([await status('first'), await status('second')], [200, 401]);
    await replace(e, users('second'), 'reloaded');
    assert.deepEqual([await status('first'), await status('second')], [401, 200]);
    await replace(e, 'basic_auth_users:\n  alice: plain-text\n', 'not reloaded');
    await replace(e, 'basic_auth_users: [\n', 'not reloaded');
    assert.deepEqual([await status('first'), await status('second')], [401, 200]);
    assert.doesNotMatch(e.logs.join('\n'), /plain-text/, 'the rejected secret is not logged');
    await replace(e, '', 'reloaded');
    assert.equal((await fetch(e.url('/metrics'))).status, 200, 'an empty file: no auth');
  });
});

test('a web config file that cannot be used at start: exit 2 naming the key', () => {
  const file = join(dir, 'bad-start.yml');
  writeFileSync(file, 'tls_server_config:\n  cert_file: /nonexistent/server.pem\n  key_file: k.key\n');
  const r = spawnSync(
    process.execPath,
    [MAIN, `--web.config.file=${file}`, '--web.listen-address=127.0.0.1:0'],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /cannot read tls_server_config.cert_file "\/nonexistent\/server.pem" in web config file ".*bad-start.yml" \(ENOENT\)/,
  );
});
