// One round against one server, with a scripted lookup and exchange: the least-delayed
// reply is kept, lost and refused replies are counted, a kiss-o'-death ends the round.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeRound, type RoundIo } from '../../src/collectors/ntp/round';
import type { Exchange } from '../../src/collectors/ntp/types';
import { kissExchange, replyExchange } from '../support/ntp-packets';

const server = { host: 'time.example.com', port: 123, label: 'time.example.com:123' };
const settings = { samples: 4, spacingSeconds: 2, replyTimeoutSeconds: 1 };

function scripted(exchanges: Exchange[], resolveError?: NodeJS.ErrnoException) {
  const calls: string[] = [];
  const io: RoundIo = {
    resolve: (host) => {
      calls.push(`resolve ${host}`);
      return resolveError
        ? Promise.reject(resolveError)
        : Promise.resolve({ address: '192.0.2.10', family: 4 });
    },
    exchange: (target, timeout) => {
      calls.push(`exchange ${target.address}:${target.port} ${timeout}`);
      const next = exchanges.shift();
      assert.ok(next, 'more exchanges than scripted');
      return Promise.resolve(next);
    },
    sleep: (seconds) => {
      calls.push(`sleep ${seconds}`);
      return Promise.resolve();
    },
  };
  return { io, calls };
}

const signal = new AbortController().signal;

test('four samples with pauses between them; the least-delayed reply is kept', async () => {
  const { io, calls } = scripted([
    replyExchange({ offsetNs: 5_000_000n, inboundNs: 10_000_000n }),
    replyExchange({ offsetNs: 1_000_000n }),
    { kind: 'timeout' },
    replyExchange({ offsetNs: 2_000_000n, outboundNs: 3_000_000n }),
  ]);
  const r = await probeRound(server, settings, io, signal);
  assert.deepEqual(calls, [
    'resolve time.example.com',
    'exchange 192.0.2.10:123 1',
    'sleep 2',
    'exchange 192.0.2.10:123 1',
    'sleep 2',
    'exchange 192.0.2.10:123 1',
    'sleep 2',
    'exchange 192.0.2.10:123 1',
  ]);
  assert.equal(r.requests, 4);
  assert.equal(r.address, '192.0.2.10');
  assert.ok(r.best && Math.abs(r.best.offsetSeconds - 0.001) < 1e-8, JSON.stringify(r.best));
  assert.deepEqual(
    r.failures.map((f) => f.reason),
    ['timeout'],
  );
});

test("a kiss-o'-death ends the round: no more requests to that server", async () => {
  const { io, calls } = scripted([replyExchange(), kissExchange('RATE'), replyExchange(), replyExchange()]);
  const r = await probeRound(server, settings, io, signal);
  assert.equal(r.requests, 2);
  assert.equal(calls.filter((c) => c.startsWith('exchange')).length, 2);
  assert.ok(r.best);
  assert.deepEqual(
    r.failures.map((f) => [f.reason, f.kissCode]),
    [['kiss_of_death', 'RATE']],
  );
});

test('a name that does not resolve: no request, one resolve failure', async () => {
  const error = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
  const { io, calls } = scripted([], error);
  const r = await probeRound(server, settings, io, signal);
  assert.deepEqual(calls, ['resolve time.example.com']);
  assert.deepEqual([r.requests, r.best, r.address], [0, undefined, undefined]);
  assert.deepEqual(
    r.failures.map((f) => [f.reason, f.detail]),
    [['resolve', 'name lookup failed (ENOTFOUND)']],
  );
});

test('nothing usable: every failure is kept, no best sample', async () => {
  const { io } = scripted([
    { kind: 'timeout' },
    replyExchange({ leap: 3 }),
    { kind: 'network', code: 'ECONNREFUSED' },
    replyExchange({ mode: 3 }),
  ]);
  const r = await probeRound(server, settings, io, signal);
  assert.equal(r.best, undefined);
  assert.deepEqual(
    r.failures.map((f) => f.reason),
    ['timeout', 'unsynchronized', 'network', 'bad_reply'],
  );
});

test('an aborted round (shutdown) stops before the next request', async () => {
  const controller = new AbortController();
  const { io, calls } = scripted([replyExchange(), replyExchange()]);
  io.sleep = () => {
    controller.abort();
    return Promise.resolve();
  };
  const r = await probeRound(server, settings, io, controller.signal);
  assert.equal(r.requests, 1);
  assert.equal(calls.filter((c) => c.startsWith('exchange')).length, 1);
});
