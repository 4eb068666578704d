// HTTP basic authentication against the web config file's bcrypt hashes, as
// exporter-toolkit does it: an unknown user is compared against a stand-in hash of the
// same cost, so the answer takes as long as for a known one (no user enumeration by
// timing); bcrypt compares the result in constant time. One comparison runs at a time (it
// is CPU work), and results are cached, keyed by a keyed hash of (user, hash, password) so
// that no password is kept in memory, and so that concurrent scrapes with the same
// credentials wait for one comparison.
import { createHmac, randomBytes } from 'node:crypto';
import type * as BcryptModule from 'bcryptjs';

/** Cached results, as in exporter-toolkit; the oldest goes first. */
const CACHE_SIZE = 100;
const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export type Compare = (password: string, hash: string) => Promise<boolean>;

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** The user and password of an `Authorization: Basic ...` header, as Go's r.BasicAuth() reads it. */
export function parseBasicAuth(header: string | undefined): Credentials | undefined {
  const match = header === undefined ? null : /^basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class BasicAuth {
  private readonly cacheKey = randomBytes(32);
  private readonly cache = new Map<string, Promise<boolean>>();
  /** Comparisons run one after another: bcrypt is CPU work, and a queue bounds it. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly standIn: string;

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly compare: Compare = bcryptCompare,
  ) {
    this.standIn = standInHash(users.values().next().value ?? '$2y$10$');
  }

  /** True when the header names a configured user with the right password. */
  async allows(header: string | undefined): Promise<boolean> {
    const credentials = parseBasicAuth(header);
    if (!credentials) return false;
    const hash = this.users.get(credentials.user);
    const matched = await this.cached(credentials, hash ?? this.standIn);
    return hash !== undefined && matched;
  }

  private cached(credentials: Credentials, hash: string): Promise<boolean> {
    const key = createHmac('sha256', this.cacheKey)
      .update(JSON.stringify([credentials.user, hash, credentials.password]))
      .digest('base64');
    const known = this.cache.get(key);
    if (known) return known;
    const result = this.queue.then(() => this.compare(credentials.password, hash));
    this.queue = result.catch(() => undefined);
    this.cache.set(key, result);
    // A comparison that failed to run (not a wrong password) is not remembered.
    result.catch(() => this.cache.delete(key));
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return result;
  }
}

let bcrypt: typeof BcryptModule | undefined;

/**
 * bcryptjs's compare, the module loaded on the first comparison: an exporter without
 * basic_auth_users never makes one (settings.ts creates no BasicAuth), and a loaded module
 * holds its RSS for good (issue 11).
 */
function bcryptCompare(password: string, hash: string): Promise<boolean> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  bcrypt ??= require('bcryptjs') as typeof BcryptModule;
  return bcrypt.compare(password, hash);
}

/**
 * A hash no password matches, with the cost of a configured one (bcrypt's cost prefix
 * `$2y$10$`, then a random salt and digest): comparing with it costs what comparing
 * with that user's hash does.
 */
export function standInHash(like: string): string {
  const prefix = /^\$2[aby]?\$\d\d\$/.exec(like)?.[0] ?? '$2y$10$';
  const random = [...randomBytes(53)].map((b) => BCRYPT_ALPHABET[b % 64]).join('');
  return prefix + random;
}
