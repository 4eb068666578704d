// From a tls_server_config to what Node's TLS server takes: the secure context (read and
// checked here, so that a bad certificate is a WebConfigError naming its key) and the
// client-certificate policy. OpenSSL knows two switches (ask for a certificate; refuse
// an unverified one); Go's five policies are those two plus a check after the handshake
// (clientRefusal), which closes the connection before any request is read.
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { PemSource, TlsConfig } from './file';
import { WebConfigError } from './errors';
import { TLS13_SUITES, type ClientAuthType } from './tls-names';

/** What the listener applies, and re-applies on a reload. */
export interface TlsSettings {
  readonly context: SecureContextOptions;
  readonly requestCert: boolean;
  readonly rejectUnauthorized: boolean;
  readonly clientAuth: ClientAuthType;
  readonly allowedSans: readonly string[] | undefined;
}

/** Reads a PEM source; returns its text or throws naming the key. */
export type PemReader = (source: PemSource, key: string) => string;

export function tlsSettings(tls: TlsConfig, read: PemReader, file: string): TlsSettings {
  const cert = read(tls.cert, 'cert');
  const key = read(tls.key, 'key');
  const ca = tls.clientCa && read(tls.clientCa, 'client_ca');
  const check = (run: () => unknown, source: PemSource | undefined, name: string, accepted: string) => {
    try {
      run();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const key = source ? fileKey(source, name) : name;
      throw new WebConfigError(
        `invalid value for tls_server_config.${key} in web config file "${file}": ${detail}; accepted: ${accepted}`,
      );
    }
  };
  const context: SecureContextOptions = {
    cert,
    key,
    ...(ca ? { ca } : {}),
    minVersion: tls.minVersion as SecureContextOptions['minVersion'],
    maxVersion: tls.maxVersion as SecureContextOptions['maxVersion'],
    honorCipherOrder: tls.preferServerCiphers,
    // TLS 1.3's suites stay on whatever cipher_suites lists, as in Go.
    ...(tls.ciphers ? { ciphers: [...TLS13_SUITES, ...tls.ciphers].join(':') } : {}),
    ...(tls.curves ? { ecdhCurve: tls.curves.join(':') } : {}),
  };
  check(() => new X509Certificate(cert), tls.cert, 'cert', 'a PEM certificate');
  check(() => createSecureContext({ cert, key }), tls.key, 'key', 'the PEM private key of the certificate');
  if (ca) check(() => new X509Certificate(ca), tls.clientCa, 'client_ca', 'PEM CA certificates');
  check(
    () => createSecureContext(context),
    undefined,
    'cipher_suites',
    'suites Node.js can use with this key',
  );
  return { context, ...switches(tls.clientAuth), clientAuth: tls.clientAuth, allowedSans: tls.allowedSans };
}

function switches(policy: ClientAuthType): { requestCert: boolean; rejectUnauthorized: boolean } {
  if (policy === 'NoClientCert') return { requestCert: false, rejectUnauthorized: false };
  return { requestCert: true, rejectUnauthorized: policy === 'RequireAndVerifyClientCert' };
}

/** What a connection's handshake left: a certificate or none, verified or not, its SANs. */
export interface PeerCertificate {
  readonly present: boolean;
  /** Verified against client_ca (or Node's default CAs without one). */
  readonly authorized: boolean;
  /** OpenSSL's subjectAltName text, "DNS:a, IP Address:127.0.0.1, ...". */
  readonly subjectAltName: string | undefined;
}

/** Why a connection must be closed under the policy, or undefined to serve it. Pure. */
export function clientRefusal(settings: TlsSettings, peer: PeerCertificate): string | undefined {
  const policy = settings.clientAuth;
  if (policy === 'NoClientCert' || policy === 'RequestClientCert') return undefined;
  if (!peer.present) {
    return policy === 'VerifyClientCertIfGiven' ? undefined : 'no client certificate';
  }
  if ((policy === 'VerifyClientCertIfGiven' || policy === 'RequireAndVerifyClientCert') && !peer.authorized) {
    return 'client certificate not signed by client_ca';
  }
  const allowed = settings.allowedSans;
  if (allowed && !sanValues(peer.subjectAltName).some((san) => allowed.includes(san))) {
    return 'client certificate has none of client_allowed_sans';
  }
  return undefined;
}

/** The values of a subjectAltName text; IPv6 addresses written as Go writes them (::1). */
export function sanValues(text: string | undefined): string[] {
  const values: string[] = [];
  for (const m of (text ?? '').matchAll(/(DNS|IP Address|email|URI):("(?:[^"\\]|\\.)*"|[^,]*)/g)) {
    const raw = m[2] ?? '';
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    values.push(m[1] === 'IP Address' && value.includes(':') ? compressIpv6(value) : value);
  }
  return values;
}

function compressIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

function fileKey(source: PemSource, name: string): string {
  return 'file' in source ? `${name}_file` : name;
}
