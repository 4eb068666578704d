// The tls_server_config section of the web config file. Pure.
import { isAbsolute, join } from 'node:path';
import type { PemSource, TlsConfig } from './file';
import type { Reader } from './reader';
import { CIPHER_SUITES, CLIENT_AUTH_TYPES, CURVES, TLS_VERSIONS, type ClientAuthType } from './tls-names';

const TLS_KEYS = [
  'cert',
  'key',
  'client_ca',
  'cert_file',
  'key_file',
  'client_auth_type',
  'client_ca_file',
  'client_allowed_sans',
  'min_version',
  'max_version',
  'cipher_suites',
  'prefer_server_cipher_suites',
  'curve_preferences',
];
/** Keys that turn TLS on (exporter-toolkit's IsEnabled); without any, plain HTTP. */
const ENABLING_KEYS = [
  'cert',
  'key',
  'client_ca',
  'cert_file',
  'key_file',
  'client_ca_file',
  'client_auth_type',
];
/** Policies that never let a client in without a certificate, so a SAN can be checked. */
const CERT_REQUIRED: readonly ClientAuthType[] = [
  'RequireAnyClientCert',
  'RequireClientCert',
  'RequireAndVerifyClientCert',
];
const KEY = (name: string) => `tls_server_config.${name}`;

export function tlsConfig(r: Reader, value: unknown, dir: string): TlsConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const t = r.mapping('tls_server_config', value, TLS_KEYS);
  const text = (name: string) => r.optionalString(KEY(name), t[name]) || undefined;
  if (ENABLING_KEYS.every((name) => text(name) === undefined)) return undefined;
  const source = (name: string) => pemSource(r, name, text(name), text(`${name}_file`), dir);
  const clientCa = source('client_ca');
  const clientAuth = r.oneOf(KEY('client_auth_type'), text('client_auth_type') ?? 'NoClientCert', [
    ...CLIENT_AUTH_TYPES,
  ]) as ClientAuthType;
  if (clientCa && clientAuth === 'NoClientCert') {
    r.fail(KEY('client_auth_type'), clientAuth, 'a client auth policy when a client CA is set');
  }
  const allowedSans = r.optionalStrings(KEY('client_allowed_sans'), t['client_allowed_sans']);
  if (allowedSans && !CERT_REQUIRED.includes(clientAuth)) {
    r.fail(KEY('client_auth_type'), clientAuth, `${CERT_REQUIRED.join(' or ')} with client_allowed_sans`);
  }
  return {
    cert: required(r, 'cert', source('cert')),
    key: required(r, 'key', source('key')),
    clientCa,
    clientAuth,
    allowedSans,
    ...versions(r, text('min_version') ?? 'TLS12', text('max_version') ?? 'TLS13'),
    ciphers: names(r, KEY('cipher_suites'), t['cipher_suites'], CIPHER_SUITES),
    curves: names(r, KEY('curve_preferences'), t['curve_preferences'], CURVES),
    preferServerCiphers:
      r.optionalBoolean(KEY('prefer_server_cipher_suites'), t['prefer_server_cipher_suites']) ?? true,
  };
}

function versions(r: Reader, min: string, max: string): { minVersion: string; maxVersion: string } {
  const accepted = Object.keys(TLS_VERSIONS);
  r.oneOf(KEY('min_version'), min, accepted);
  r.oneOf(KEY('max_version'), max, accepted);
  // TLS10 < TLS11 < TLS12 < TLS13 as strings too.
  if (min > max) r.fail(KEY('max_version'), max, `a version at or above min_version (${min})`);
  return {
    minVersion: TLS_VERSIONS[min as keyof typeof TLS_VERSIONS],
    maxVersion: TLS_VERSIONS[max as keyof typeof TLS_VERSIONS],
  };
}

function pemSource(
  r: Reader,
  name: string,
  inline: string | undefined,
  file: string | undefined,
  dir: string,
): PemSource | undefined {
  if (inline && file) r.fail(KEY(`${name}_file`), file, `either ${name} or ${name}_file, not both`);
  // Relative paths are read from the web config file's directory, as in the toolkit.
  if (file) return { file: isAbsolute(file) ? file : join(dir, file) };
  return inline ? { inline } : undefined;
}

function required(r: Reader, name: string, source: PemSource | undefined): PemSource {
  if (source) return source;
  return r.fail(KEY(`${name}_file`), undefined, `one of ${name} or ${name}_file when TLS is configured`);
}

/** Names looked up in a table (cipher suites, curves): OpenSSL's names out, each once. */
function names(
  r: Reader,
  key: string,
  value: unknown,
  table: Readonly<Record<string, string | null>>,
): string[] | undefined {
  const given = r.optionalStrings(key, value);
  if (given === undefined) return undefined;
  const out: string[] = [];
  given.forEach((name, i) => {
    const mapped = table[name];
    if (mapped === undefined) r.fail(`${key}[${i}]`, name, `one of ${Object.keys(table).join(', ')}`);
    if (mapped !== null && !out.includes(mapped)) out.push(mapped);
  });
  return out;
}
