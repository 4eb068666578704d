// The web configuration file (--web.config.file) in Prometheus exporter-toolkit's format,
// same keys and meaning (docs/security.md), parsed and validated. Pure: the files it names
// are read by load.ts. Every mistake is one WebConfigError naming the key, the value
// (never a secret's) and what is accepted; unknown keys are mistakes, as in the toolkit.
import { dirname } from 'node:path';
import { parseDuration } from '../../config/duration';
import { parseYaml } from '../../config/yaml';
import { WebConfigError } from './errors';
import { tlsConfig } from './file-tls';
import { Reader, SECRET } from './reader';
import type { ClientAuthType } from './tls-names';

/** A PEM given inline in the file, or the path of a file holding it. */
export type PemSource = { readonly file: string } | { readonly inline: string };

export interface TlsConfig {
  readonly cert: PemSource;
  readonly key: PemSource;
  readonly clientCa: PemSource | undefined;
  readonly clientAuth: ClientAuthType;
  /** SANs one of which a client certificate must carry; undefined: any. */
  readonly allowedSans: readonly string[] | undefined;
  /** OpenSSL's names: TLSv1 ... TLSv1.3. */
  readonly minVersion: string;
  readonly maxVersion: string;
  /** OpenSSL names of the TLS 1.2-and-older suites; undefined: Node's defaults. */
  readonly ciphers: readonly string[] | undefined;
  /** OpenSSL curve names in preference order; undefined: Node's defaults. */
  readonly curves: readonly string[] | undefined;
  readonly preferServerCiphers: boolean;
}

export interface WebConfig {
  /** undefined: plain HTTP (no TLS key set, as exporter-toolkit decides). */
  readonly tls: TlsConfig | undefined;
  /** Response headers set on every answer. */
  readonly headers: Readonly<Record<string, string>>;
  /** User name -> bcrypt hash; empty: no authentication. */
  readonly users: ReadonlyMap<string, string>;
  /** A token bucket: one request per interval, bursts of up to `burst`. */
  readonly rateLimit: { readonly intervalSeconds: number; readonly burst: number } | undefined;
}

const TOP_KEYS = ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'];
/** Keys whose values are secrets: named in errors, never shown. */
const SECRET_KEYS = new Set(['tls_server_config.key']);
/** Headers the toolkit lets a file set, with the values it accepts (undefined: any). */
const HEADERS: Record<string, readonly string[] | undefined> = {
  'Strict-Transport-Security': undefined,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': undefined,
  'Content-Security-Policy': undefined,
};
const BCRYPT_RE = /^\$2[aby]?\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

export function parseWebConfig(text: string, path: string): WebConfig {
  const r = new Reader(path, SECRET_KEYS);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new WebConfigError(`web config file "${path}" is not valid YAML: ${detail}`);
  }
  const top = r.mapping('', doc ?? {}, TOP_KEYS);
  const dir = dirname(path);
  return {
    tls: tlsConfig(r, top['tls_server_config'], dir),
    headers: headers(r, top['http_server_config']),
    users: users(r, top['basic_auth_users']),
    rateLimit: rateLimit(r, top['rate_limit']),
  };
}

function headers(r: Reader, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const http = r.mapping('http_server_config', value, ['http2', 'headers']);
  // HTTP/2 is accepted for compatibility and not served: the exporter speaks HTTP/1.1.
  r.optionalBoolean('http_server_config.http2', http['http2']);
  const given = r.mapping('http_server_config.headers', http['headers'] ?? {}, Object.keys(HEADERS));
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) {
    const key = `http_server_config.headers.${name}`;
    const text = r.optionalString(key, raw) ?? '';
    const allowed = HEADERS[name];
    if (allowed && text !== '' && !allowed.includes(text)) r.fail(key, text, `one of ${allowed.join(', ')}`);
    if (/[\r\n\0]/.test(text)) r.fail(key, text, 'a value on one line');
    if (text !== '') out[name] = text; // blank: unset, as the toolkit does
  }
  return out;
}

function users(r: Reader, value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined || value === null) return out;
  for (const [user, hash] of Object.entries(r.mapping('basic_auth_users', value, undefined))) {
    const key = `basic_auth_users.${user}`;
    if (typeof hash !== 'string' || !BCRYPT_RE.test(hash)) {
      r.fail(
        key,
        SECRET,
        'a bcrypt hash ($2a$, $2b$ or $2y$, cost 4 to 31), such as `htpasswd -nBC 10 ""` prints',
      );
    }
    out.set(user, hash);
  }
  return out;
}

function rateLimit(r: Reader, value: unknown): WebConfig['rateLimit'] {
  if (value === undefined || value === null) return undefined;
  const limit = r.mapping('rate_limit', value, ['interval', 'burst']);
  const text = r.optionalString('rate_limit.interval', limit['interval']) ?? '0';
  const intervalSeconds = text === '0' ? 0 : parseDuration(text);
  if (intervalSeconds === undefined)
    r.fail('rate_limit.interval', text, 'a duration such as "1s" or "100ms", or 0 to turn the limit off');
  const burst = limit['burst'] ?? 0;
  if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 0) {
    r.fail('rate_limit.burst', burst, 'an integer of 0 or more');
  }
  return intervalSeconds === 0 ? undefined : { intervalSeconds, burst };
}
