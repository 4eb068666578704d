// The web config file and the files it names, read into what the HTTP layer applies:
// TLS settings, the authenticator, the rate limiter and the response headers. Reading is
// all or nothing: any mistake is one WebConfigError, and the caller keeps what it had.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { BasicAuth } from './basic-auth';
import { WebConfigError } from './errors';
import { parseWebConfig, type PemSource, type WebConfig } from './file';
import { RateLimiter } from './rate-limit';
import { tlsSettings, type TlsSettings } from './tls';

/** Larger than any web config or PEM file; a bigger one is a mistake, not read whole. */
const MAX_FILE_BYTES = 1 << 20;

export interface WebSettings {
  readonly path: string;
  readonly config: WebConfig;
  readonly tls: TlsSettings | undefined;
  readonly auth: BasicAuth | undefined;
  readonly limiter: RateLimiter | undefined;
  /** The paths read, config file first; their contents' digest tells a change. */
  readonly files: readonly string[];
  readonly digest: string;
}

export function loadWebSettings(path: string): WebSettings {
  const contents = new Map<string, Buffer>();
  const read = (file: string, key: string): string => {
    const bytes = readLimited(file, key, path);
    contents.set(file, bytes);
    return bytes.toString('utf8');
  };
  const config = parseWebConfig(read(path, '--web.config.file'), path);
  const pem = (source: PemSource, name: string) =>
    'file' in source ? read(source.file, `tls_server_config.${name}_file`) : source.inline;
  const tls = config.tls && tlsSettings(config.tls, pem, path);
  const files = [...contents.keys()];
  return {
    path,
    config,
    tls,
    auth: config.users.size > 0 ? new BasicAuth(config.users) : undefined,
    limiter: config.rateLimit && new RateLimiter(config.rateLimit.intervalSeconds, config.rateLimit.burst),
    files,
    digest: digestOf(files.map((f) => contents.get(f) as Buffer)),
  };
}

/** The digest of the files as they are now (a file that cannot be read counts as changed). */
export async function currentDigest(files: readonly string[]): Promise<string> {
  const contents = await Promise.all(
    files.map((f) => readFile(f).catch((error: NodeJS.ErrnoException) => Buffer.from(`!${error.code}`))),
  );
  return digestOf(contents);
}

function digestOf(contents: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const c of contents) hash.update(createHash('sha256').update(c).digest());
  return hash.digest('hex');
}

function readLimited(file: string, key: string, configPath: string): Buffer {
  const where = key.startsWith('--') ? '' : ` in web config file "${configPath}"`;
  let size: number;
  try {
    size = statSync(file).size;
    if (size <= MAX_FILE_BYTES) return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new WebConfigError(`cannot read ${key} "${file}"${where} (${code}); accepted: a readable file`);
  }
  throw new WebConfigError(
    `${key} "${file}"${where} is ${size} bytes; accepted: a file of at most ${MAX_FILE_BYTES} bytes`,
  );
}
