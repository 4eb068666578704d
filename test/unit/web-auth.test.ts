// Basic auth as exporter-toolkit does it: bcrypt, an unknown user costs what a known one
// does (a stand-in hash of the same cost), one comparison at a time, results cached by
// a keyed hash. And the rate limit's token bucket.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import bcrypt from 'bcryptjs';
import { BasicAuth, parseBasicAuth, standInHash } from '../../src/server/web/basic-auth';
import { RateLimiter } from '../../src/server/web/rate-limit';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

test('the Authorization header is read as Go reads it', () => {
  assert.deepEqual(parseBasicAuth(basic('alice', 'pa:ss')), { user: 'alice', password: 'pa:ss' });
  assert.deepEqual(parseBasicAuth(`basic ${Buffer.from('a:').toString('base64')}`), {
    user: 'a',
    password: '',
  });
  assert.equal(parseBasicAuth(undefined), undefined);
  assert.equal(parseBasicAuth('Bearer abc'), undefined);
  assert.equal(parseBasicAuth(`Basic ${Buffer.from('no-colon').toString('base64')}`), undefined);
  assert.equal(parseBasicAuth('Basic !!!'), undefined);
});

test('a real bcrypt hash: the right password passes, a wrong one or an unknown user does not', async () => {
  const auth = new BasicAuth(new Map([['alice', bcrypt.hashSync('s3cret', 4)]]));
  assert.equal(await auth.allows(basic('alice', 's3cret')), true);
  assert.equal(await auth.allows(basic('alice', 'S3cret')), false);
  assert.equal(await auth.allows(basic('mallory', 's3cret')), false);
  assert.equal(await auth.allows(undefined), false);
});

test('an unknown user costs one comparison with a hash of the same cost, as a known one does', async () => {
  const hash = bcrypt.hashSync('s3cret', 6).replace(/^\$2b\$/, '$2y$');
  const compared: string[] = [];
  const auth = new BasicAuth(new Map([['alice', hash]]), async (password, h) => {
    compared.push(h);
    return bcrypt.compare(password, h);
  });
  assert.equal(await auth.allows(basic('alice', 'wrong')), false);
  assert.equal(await auth.allows(basic('nobody', 'wrong')), false);
  assert.equal(compared.length, 2, 'one bcrypt comparison each');
  assert.equal(compared[0], hash);
  assert.notEqual(compared[1], hash);
  assert.equal(compared[1]?.slice(0, 7), '$2y$06$', 'the stand-in has the same cost');
  assert.equal(compared[1]?.length, 60);
  assert.match(standInHash('$2a$12$x'), /^\$2a\$12\$[./A-Za-z0-9]{53}$/);
});

test('comparisons run one at a time; repeated credentials are answered from the cache', async () => {
  let active = 0;
  let most = 0;
  let calls = 0;
  const auth = new BasicAuth(new Map([['alice', bcrypt.hashSync('s3cret', 4)]]), async (password, hash) => {
    calls++;
    most = Math.max(most, ++active);
    await new Promise((resolve) => setTimeout(resolve, 5));
    active--;
    return bcrypt.compare(password, hash);
  });
  const answers = await Promise.all([
    auth.allows(basic('alice', 's3cret')),
    auth.allows(basic('alice', 's3cret')),
    auth.allows(basic('alice', 'a')),
    auth.allows(basic('alice', 'b')),
  ]);
  assert.deepEqual(answers, [true, true, false, false]);
  assert.equal(most, 1, 'never two comparisons at once');
  assert.equal(calls, 3, 'the same credentials at once share one comparison');
  assert.equal(await auth.allows(basic('alice', 's3cret')), true);
  assert.equal(calls, 3, 'then come from the cache');
});

test('rate limit: a burst, then one request per interval', () => {
  let now = 0;
  const limiter = new RateLimiter(1, 2, () => now);
  assert.deepEqual([limiter.allow(), limiter.allow(), limiter.allow()], [true, true, false]);
  now = 500;
  assert.equal(limiter.allow(), false, 'half a token');
  now = 1000;
  assert.equal(limiter.allow(), true);
  now = 10_000;
  assert.deepEqual(
    [limiter.allow(), limiter.allow(), limiter.allow()],
    [true, true, false],
    'at most burst saved up',
  );
  assert.equal(new RateLimiter(1, 0, () => 0).allow(), false, 'burst 0 lets nothing through, as in Go');
});
