// The guard in front of every route, scrapes' fast path included: the bound on requests
// at once (503 + Retry-After, health checks exempt), no request bodies, basic auth and
// the web config's headers. Driven over real loopback HTTP with a handler the test holds.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { createLogger } from '../../src/log';
import { guard } from '../../src/server/guard';
import { BasicAuth } from '../../src/server/web/basic-auth';
import type { WebSettings } from '../../src/server/web/settings';
import { waitFor } from '../support/wait';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** A server whose handler holds /slow until release(); the guard in front. */
async function start(maxRequests: number, web?: Partial<WebSettings>) {
  const held: ServerResponse[] = [];
  let seen = 0;
  const gate = guard(
    (req, res) => {
      seen++;
      if (req.url === '/slow') return void held.push(res);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    },
    { maxRequests, web: () => web as WebSettings | undefined, logger: createLogger('error', 'json') },
  );
  const server = createServer(gate.listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const call = (path: string, headers: Record<string, string> = {}, body?: string, method = 'GET') =>
    new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers, method }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const release = () => held.splice(0).forEach((res) => res.end('released\n'));
  return { call, release, inFlight: gate.inFlight, seen: () => seen };
}

test('beyond --web.max-requests: 503 with Retry-After; health checks still answered; then served again', async () => {
  const s = await start(2);
  const first = [s.call('/slow'), s.call('/slow')];
  await waitFor('two requests in flight', async () => (s.inFlight() === 2 ? true : undefined));
  const refused = await s.call('/metrics');
  assert.equal(refused.status, 503);
  assert.equal(refused.headers['retry-after'], '1');
  assert.match(refused.body, /more than 2 requests at once/);
  assert.equal((await s.call('/healthz')).status, 200);
  assert.equal((await s.call('/readyz')).status, 200);
  s.release();
  assert.deepEqual(
    (await Promise.all(first)).map((a) => a.status),
    [200, 200],
  );
  await waitFor('the count back at 0', async () => (s.inFlight() === 0 ? true : undefined));
  assert.equal((await s.call('/metrics')).status, 200);
});

test('a request with a body is refused with 413 and never reaches a route', async () => {
  const s = await start(0);
  const before = s.seen();
  const posted = await s.call('/metrics', { 'Content-Type': 'text/plain' }, 'x'.repeat(1000), 'POST');
  assert.equal(posted.status, 413);
  assert.equal(posted.headers.connection, 'close');
  const chunked = await s.call('/metrics', { 'Transfer-Encoding': 'chunked' }, 'abc');
  assert.equal(chunked.status, 413);
  assert.equal(s.seen(), before);
  assert.equal((await s.call('/metrics', { 'Content-Length': '0' })).status, 200, 'an empty body is no body');
});

test('basic auth before any route: 401 with WWW-Authenticate, the web config headers on every answer', async () => {
  const auth = new BasicAuth(new Map([['alice', bcrypt.hashSync('s3cret', 4)]]));
  const headers = { 'X-Frame-Options': 'deny', 'Strict-Transport-Security': 'max-age=60' };
  const s = await start(0, { auth, config: { headers } as unknown as WebSettings['config'] });
  const credentials = (p: string) => ({
    Authorization: `Basic ${Buffer.from(`alice:${p}`).toString('base64')}`,
  });
  const before = s.seen();
  for (const answer of [await s.call('/metrics'), await s.call('/metrics', credentials('wrong'))]) {
    assert.equal(answer.status, 401);
    assert.equal(answer.headers['www-authenticate'], 'Basic');
    assert.equal(answer.body, 'unauthorized\n');
    assert.equal(answer.headers['x-frame-options'], 'deny');
  }
  assert.equal(s.seen(), before, 'no route saw them');
  const ok = await s.call('/metrics', credentials('s3cret'));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['strict-transport-security'], 'max-age=60');
  assert.equal(ok.headers['x-content-type-options'], 'nosniff');
});
