// Certificates a test makes with openssl (Debian's): a CA, a server certificate for
// 127.0.0.1 signed by it, client certificates signed by it (with chosen SANs), and a
// client certificate from another CA the exporter does not trust. EC P-256 keys: quick to
// make. Every file lives in the directory given; the test removes it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

export interface TestCerts {
  readonly dir: string;
  readonly ca: KeyPair;
  readonly server: KeyPair;
  /** Signed by the CA, SAN DNS:client-one. */
  readonly client: KeyPair;
  /** Signed by the CA, SAN DNS:client-two. */
  readonly otherClient: KeyPair;
  /** Signed by a CA the exporter is not told about. */
  readonly strangerClient: KeyPair;
  /** A second server certificate from the same CA (CN=rotated), for a reload. */
  readonly rotated: KeyPair;
  read(path: string): string;
}

/** A new P-256 key, unencrypted, written to `keyFile` (what `req -newkey` takes). */
const newKey = (keyFile: string) => [
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:P-256',
  '-nodes',
  '-keyout',
  keyFile,
];

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function selfSigned(dir: string, name: string): KeyPair {
  const pair = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  openssl(dir, 'req', '-x509', ...newKey(pair.key), '-out', pair.cert, '-days', '2', '-subj', `/CN=${name}`);
  return pair;
}

function signed(dir: string, ca: KeyPair, name: string, san: string): KeyPair {
  const pair = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `subjectAltName=${san}\n`);
  openssl(dir, 'req', ...newKey(pair.key), '-out', csr, '-subj', `/CN=${name}`);
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    pair.cert,
    '-days',
    '2',
    '-extfile',
    ext,
  );
  return pair;
}

export function makeCerts(dir: string): TestCerts {
  const ca = selfSigned(dir, 'ca');
  const stranger = selfSigned(dir, 'stranger-ca');
  return {
    dir,
    ca,
    server: signed(dir, ca, 'server', 'IP:127.0.0.1,DNS:localhost'),
    client: signed(dir, ca, 'client-one', 'DNS:client-one'),
    otherClient: signed(dir, ca, 'client-two', 'DNS:client-two'),
    strangerClient: signed(dir, stranger, 'stranger', 'DNS:client-one'),
    rotated: signed(dir, ca, 'rotated', 'IP:127.0.0.1'),
    read: (path) => readFileSync(path, 'utf8'),
  };
}
