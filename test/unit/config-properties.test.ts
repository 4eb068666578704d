// Property tests (fast-check) of the two configuration readers: whatever a flag, a config
// file or a web config file holds, the answer is the configuration or one ConfigError
// naming the key and what is accepted, never another exception, never a secret shown; and
// what the readers accept reads back as written.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import bcrypt from 'bcryptjs';
import fc from 'fast-check';
import YAML from 'yaml';
import { formatDuration, parseDuration } from '../../src/config/duration';
import { ConfigError } from '../../src/config/errors';
import { flagSpecs } from '../../src/config/flags';
import { loadConfig } from '../../src/config/load';
import { optionTrees } from '../../src/config/schema';
import { BasicAuth, parseBasicAuth } from '../../src/server/web/basic-auth';
import { WebConfigError } from '../../src/server/web/errors';
import { parseWebConfig } from '../../src/server/web/file';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-props-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SPECS = flagSpecs(optionTrees('linux'));
/** Flags by name: a failing case then prints the flag, not its option object. */
const FLAGS = new Map(SPECS.map((s) => [s.flag, s]));
const flagOf = (name: string) => FLAGS.get(name) as (typeof SPECS)[number];
const WEB_FILE = '/etc/hw/web.yml';

/** Runs `load`; returns what it gave, or the ConfigError; any other exception fails. */
function outcome<T>(load: () => T): T | ConfigError {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

test('any value of any flag: the configuration, or an error naming the flag and what is accepted', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FLAGS.keys()), fc.string({ unit: 'binary' }), (flag, value) => {
      const spec = flagOf(flag);
      const result = outcome(() => loadConfig([`--${spec.flag}=${value}`], 'linux'));
      if (!(result instanceof ConfigError)) return;
      assert.ok(result.message.includes(`--${spec.flag}`), result.message);
      assert.ok(result.message.includes(`accepted: `), result.message);
    }),
    { numRuns: 400 },
  );
});

test('any duration in range reads back as written; one outside is refused naming its range', () => {
  const durations = SPECS.filter((s) => s.option.kind === 'duration').map((s) => s.flag);
  fc.assert(
    fc.property(fc.constantFrom(...durations), fc.integer({ min: 1, max: 3_600_000 }), (flag, ms) => {
      const spec = flagOf(flag);
      const text = formatDuration(ms / 1000);
      assert.equal(parseDuration(text), ms / 1000, text);
      const result = outcome(() => loadConfig([`--${spec.flag}=${text}`], 'linux'));
      if (result instanceof ConfigError) {
        assert.match(
          result.message,
          /accepted: a duration (from \S+ to \S+|at least as long as web.header_timeout)/,
        );
        assert.doesNotMatch(result.message, /: nothing;/, 'a default is shown as the value');
        return;
      }
      let value: unknown = result.config;
      for (const key of spec.path) value = (value as Record<string, unknown>)[key];
      assert.equal(value, ms / 1000, `${spec.flag}=${text}`);
    }),
    { numRuns: 300 },
  );
});

/** Config files of the real sections with keys real and invented, values of every JSON type. */
const configFile = fc.dictionary(
  fc.constantFrom('web', 'log', 'storage', 'collectors', 'webb'),
  fc.oneof(
    fc.jsonValue({ maxDepth: 1 }),
    fc.dictionary(
      fc.constantFrom(
        'listen_address',
        'level',
        'format',
        'path',
        'clock',
        'services',
        'listen',
        'max_requests',
        'x',
      ),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  ),
);

test('any config file: the configuration, or an error naming the file and the key', () => {
  let n = 0;
  fc.assert(
    fc.property(configFile, (doc) => {
      const file = join(dir, `config-${n++}.yml`);
      writeFileSync(file, YAML.stringify(doc));
      const result = outcome(() => loadConfig([`--config.file=${file}`], 'linux'));
      if (!(result instanceof ConfigError)) return;
      assert.ok(result.message.includes(file), result.message);
      assert.match(result.message, /accepted: /);
    }),
    { numRuns: 300 },
  );
});

/** Web config documents: the toolkit's keys at their places, values of every type. */
const webDoc = fc.record(
  {
    tls_server_config: fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.record(
        {
          cert_file: fc.string(),
          key_file: fc.string(),
          client_auth_type: fc.oneof(
            fc.string(),
            fc.constantFrom('RequireAndVerifyClientCert', 'NoClientCert'),
          ),
          min_version: fc.constantFrom('TLS12', 'TLS13', 'TLS14', 12),
          cipher_suites: fc.array(fc.string()),
        },
        { requiredKeys: [] },
      ),
    ),
    http_server_config: fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.record({ headers: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 0 })) }),
    ),
    basic_auth_users: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.dictionary(fc.string(), fc.string())),
    rate_limit: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

test('any web config document or text: the settings, or one error naming the file', () => {
  const check = (text: string) => {
    const result = outcome(() => parseWebConfig(text, WEB_FILE));
    if (!(result instanceof ConfigError)) return;
    assert.ok(result instanceof WebConfigError);
    assert.ok(result.message.includes(`web config file "${WEB_FILE}"`), result.message);
  };
  fc.assert(
    fc.property(webDoc, (doc) => check(YAML.stringify(doc))),
    { numRuns: 400 },
  );
  fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 200 });
});

const HASH = bcrypt.hashSync('right', 4);

test('any user name is kept as written; a password that is not a bcrypt hash is never shown', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/);
  fc.assert(
    fc.property(fc.string({ unit: 'binary', minLength: 1 }), secret, (user, password) => {
      const users = parseWebConfig(YAML.stringify({ basic_auth_users: { [user]: HASH } }), WEB_FILE).users;
      assert.deepEqual([...users], [[user, HASH]]);
      const result = outcome(() =>
        parseWebConfig(YAML.stringify({ basic_auth_users: { [user]: password } }), WEB_FILE),
      );
      assert.ok(result instanceof WebConfigError);
      assert.ok(!result.message.includes(password), 'the secret is not in the message');
    }),
    { numRuns: 200 },
  );
});

test('basic auth: exactly the right user and password pass, whatever they hold', async () => {
  const auth = new BasicAuth(new Map([['alice', HASH]]));
  const header = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  await fc.assert(
    fc.asyncProperty(
      fc.string().filter((u) => !u.includes(':')),
      fc.string(),
      async (user, password) => {
        assert.deepEqual(parseBasicAuth(header(user, password)), { user, password });
        assert.equal(await auth.allows(header(user, password)), user === 'alice' && password === 'right');
      },
    ),
    {
      numRuns: 60,
      examples: [
        ['alice', 'right'],
        ['alice', 'righ'],
        ['', ''],
      ],
    },
  );
});
