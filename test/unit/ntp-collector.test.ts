// The collector's bookkeeping with scripted rounds: what a round exports, values held
// while fresh and dropped after, the kiss-o'-death back-off, one log line per change, and
// an exporter without servers not running the collector at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { NtpCollector } from '../../src/collectors/ntp';
import { ntpMetrics } from '../../src/collectors/ntp/metrics';
import type { RoundIo } from '../../src/collectors/ntp/round';
import { judgeExchange } from '../../src/collectors/ntp/sample';
import { ServerBook } from '../../src/collectors/ntp/server-book';
import type { Exchange, RoundResult, SampleResult } from '../../src/collectors/ntp/types';
import { configSchema } from '../../src/config/schema';
import { createLogger } from '../../src/log';
import { createRegistries, startRunner } from '../../src/serve';
import { sampleValue } from '../support/exporter';
import { kissExchange, replyExchange } from '../support/ntp-packets';
import { waitFor } from '../support/wait';

const server = { host: '192.0.2.10', port: 123, label: '192.0.2.10:123' };

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger('info', 'json');
  logger.on('data', (info: { message: string; problem?: string; code?: string }) =>
    lines.push([info.message, info.problem ?? info.code].filter(Boolean).join(' | ')),
  );
  return { logger, lines };
}

function bookOf(holdMs = 3000) {
  const registry = new Registry();
  const { logger, lines } = capturedLogger();
  const book = new ServerBook(server, ntpMetrics([registry]), logger, holdMs);
  const value = async (series: string) => sampleValue(await registry.metrics(), series);
  return { book, lines, value, registry };
}

function round(...exchanges: Exchange[]): RoundResult {
  const results: SampleResult[] = exchanges.map(judgeExchange);
  let best;
  for (const r of results) if (r.ok && (!best || r.sample.delaySeconds < best.delaySeconds)) best = r.sample;
  const failures = results.flatMap((r) => (r.ok ? [] : [r]));
  return { server, address: '192.0.2.10', requests: exchanges.length, best, failures };
}

const S = `{server="${server.label}"}`;

test('a good round exports offset, delay, bound, the server state and its info; counters start at 0', async () => {
  const { book, value } = bookOf();
  assert.equal(await value(`hostwatch_ntp_errors_total{server="${server.label}",reason="timeout"}`), 0);
  book.record(round(replyExchange({ offsetNs: 1_500_000_000n }), { kind: 'timeout' }), 0);
  const offset = (await value(`hostwatch_ntp_offset_seconds${S}`)) ?? NaN;
  assert.ok(Math.abs(offset - 1.5) < 1e-8, String(offset));
  assert.ok(((await value(`hostwatch_ntp_round_trip_delay_seconds${S}`)) ?? 0) > 0);
  assert.ok(((await value(`hostwatch_ntp_offset_error_bound_seconds${S}`)) ?? 0) > 0);
  assert.deepEqual(
    [
      await value(`hostwatch_ntp_up${S}`),
      await value(`hostwatch_ntp_stratum${S}`),
      await value(`hostwatch_ntp_leap_indicator${S}`),
      await value(`hostwatch_ntp_requests_total${S}`),
      await value(`hostwatch_ntp_errors_total{server="${server.label}",reason="timeout"}`),
      await value(
        `hostwatch_ntp_server_info{server="${server.label}",address="192.0.2.10",reference_id="192.0.2.1"}`,
      ),
    ],
    [1, 2, 0, 2, 1, 1],
  );
  assert.ok(((await value(`hostwatch_ntp_last_success_timestamp_seconds${S}`)) ?? 0) > 1.6e9);
});

test('a failed round keeps the values for the hold, then removes them; up says 0 at once', async () => {
  const { book, value } = bookOf(3000);
  book.record(round(replyExchange()), 0);
  book.record(round({ kind: 'timeout' }), 2000);
  assert.equal(await value(`hostwatch_ntp_up${S}`), 0);
  assert.notEqual(await value(`hostwatch_ntp_offset_seconds${S}`), undefined, 'held: 2 s < 3 s');
  book.record(round({ kind: 'timeout' }), 4000);
  assert.equal(await value(`hostwatch_ntp_offset_seconds${S}`), undefined, 'dropped: 4 s > 3 s');
  assert.equal(await value(`hostwatch_ntp_stratum${S}`), undefined);
  assert.equal(await value(`hostwatch_ntp_errors_total{server="${server.label}",reason="timeout"}`), 2);
});

test('an unsynchronized server: up 0, its leap and stratum shown, no offset', async () => {
  const { book, value } = bookOf();
  book.record(round(replyExchange({ leap: 3, stratum: 0, referenceId: Buffer.alloc(4) })), 0);
  assert.deepEqual(
    [
      await value(`hostwatch_ntp_up${S}`),
      await value(`hostwatch_ntp_leap_indicator${S}`),
      await value(`hostwatch_ntp_stratum${S}`),
      await value(`hostwatch_ntp_offset_seconds${S}`),
      await value(`hostwatch_ntp_errors_total{server="${server.label}",reason="unsynchronized"}`),
    ],
    [0, 3, 0, undefined, 1],
  );
});

test('RATE doubles the pause (1, 3, 7, 15 rounds skipped, at most 16x); a good round resets it', async () => {
  const { book, value } = bookOf();
  const skipped = () => {
    let n = 0;
    while (!book.due()) n++;
    return n;
  };
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    book.record(round(kissExchange('RATE')), i);
    counts.push(skipped());
  }
  assert.deepEqual(counts, [1, 3, 7, 15, 15]);
  assert.equal(await value(`hostwatch_ntp_kiss_of_death_total{server="${server.label}",code="RATE"}`), 5);
  book.record(round(replyExchange()), 10);
  assert.equal(skipped(), 0);
});

test('DENY: never probed again, and said so once', () => {
  const { book, lines } = bookOf();
  assert.equal(book.due(), true);
  book.record(round(kissExchange('DENY')), 0);
  assert.equal([book.due(), book.due(), book.due()].some(Boolean), false);
  assert.equal(lines.filter((l) => l.includes('refused service')).length, 1);
  assert.match(lines.join('\n'), /refused service.*DENY/);
});

test('one warning per distinct problem, one info line on recovery', () => {
  const { book, lines } = bookOf();
  book.record(round({ kind: 'timeout' }), 0);
  book.record(round({ kind: 'timeout' }), 1);
  book.record(round({ kind: 'timeout' }, replyExchange({ mode: 3 })), 2);
  book.record(round(replyExchange()), 3);
  book.record(round(replyExchange()), 4);
  assert.deepEqual(lines, [
    'ntp server gave no usable reply | no reply within the reply timeout',
    'ntp server gave no usable reply | no reply within the reply timeout; mode 3, not 4 (server)',
    'ntp server answers again',
  ]);
});

test('the collector runs rounds in the background and fails its update when the clock fails', async () => {
  const registry = new Registry();
  let fail = false;
  const io: RoundIo = {
    resolve: () => Promise.resolve({ address: '192.0.2.10', family: 4 }),
    exchange: () =>
      fail ? Promise.reject(new Error('clock_gettime failed')) : Promise.resolve(replyExchange()),
    sleep: () => Promise.resolve(),
  };
  const options = { servers: [server], interval: 1, samples: 2, sample_spacing: 0, reply_timeout: 1 };
  const collector = new NtpCollector(
    { registers: [registry], logger: capturedLogger().logger, platform: 'linux' },
    options,
    io,
  );
  assert.equal(collector.isReady(), false);
  collector.start();
  try {
    await waitFor('the first round', async () => (collector.isReady() ? true : undefined));
    collector.update();
    assert.equal(sampleValue(await registry.metrics(), `hostwatch_ntp_requests_total${S}`), 2);
    assert.ok((collector.lastSampleAgeSeconds() ?? Infinity) < 60);
    fail = true;
    await waitFor('a failed round', async () => {
      try {
        collector.update();
        return undefined;
      } catch (error) {
        return error;
      }
    });
    assert.throws(() => collector.update(), /clock_gettime failed/);
  } finally {
    await collector.stop();
  }
});

test('without servers the exporter does not run the collector and logs why', async () => {
  const { logger, lines } = capturedLogger();
  // Only ntp enabled (the others would start threads and timers in a unit test).
  const others = ['clock', 'timesync', 'listen', 'services', 'topology', 'timer'];
  const collectors = Object.fromEntries(others.map((name) => [name, { enabled: false }]));
  const config = configSchema('linux').parse({ collectors });
  assert.equal(config.collectors['ntp']?.enabled, true);
  const runner = startRunner(config, 'linux', logger, createRegistries());
  try {
    assert.deepEqual(runner.names, []);
    assert.ok(lines.some((l) => l.startsWith('collector off')));
  } finally {
    await runner.stop();
  }
});
