// Judging one exchange: offset, delay and error bound from the four timestamps, and
// every way a reply is refused (RFC 5905 section 8, RFC 4330 section 5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeExchange } from '../../src/collectors/ntp/sample';
import type { SampleResult } from '../../src/collectors/ntp/types';
import { kissExchange, NONCE, replyExchange } from '../support/ntp-packets';

function sampleOf(result: SampleResult) {
  assert.ok(result.ok, result.ok ? '' : result.detail);
  return result.sample;
}

function failureOf(result: SampleResult) {
  assert.ok(!result.ok, 'expected the exchange to be refused');
  return result;
}

const near = (actual: number, expected: number, tolerance = 2e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ±${tolerance}`);

test('symmetric paths: the offset is exact, the delay excludes the server time', () => {
  const s = sampleOf(judgeExchange(replyExchange({ offsetNs: 2_500_000_000n, processingNs: 100_000n })));
  near(s.offsetSeconds, 2.5);
  near(s.delaySeconds, 400e-6);
  near(s.errorBoundSeconds, 200e-6 + 300e-9);
  assert.deepEqual(s.server, {
    stratum: 2,
    leap: 0,
    rootDelaySeconds: Math.round(0.01 * 65536) / 65536,
    rootDispersionSeconds: Math.round(0.002 * 65536) / 65536,
    referenceId: '192.0.2.1',
  });
});

test('a negative offset: the local clock is ahead of the server', () => {
  near(sampleOf(judgeExchange(replyExchange({ offsetNs: -750_000_000n }))).offsetSeconds, -0.75);
});

test('asymmetric paths bias the offset by half the difference, and the error bound covers it', () => {
  const s = sampleOf(judgeExchange(replyExchange({ outboundNs: 100_000n, inboundNs: 20_100_000n })));
  near(s.offsetSeconds, -0.01);
  assert.ok(Math.abs(s.offsetSeconds) <= s.errorBoundSeconds, `${s.offsetSeconds} vs ${s.errorBoundSeconds}`);
});

test('a leap-second warning (leap 1 or 2) is a usable sample that reports it', () => {
  assert.equal(sampleOf(judgeExchange(replyExchange({ leap: 1, stratum: 1 }))).server.leap, 1);
  assert.equal(sampleOf(judgeExchange(replyExchange({ leap: 2 }))).server.leap, 2);
  assert.equal(sampleOf(judgeExchange(replyExchange({ version: 3 }))).server.stratum, 2);
});

test("kiss-o'-death: stratum 0 with a code; unknown codes count as other", () => {
  const rate = failureOf(judgeExchange(kissExchange('RATE')));
  assert.deepEqual([rate.reason, rate.kissCode], ['kiss_of_death', 'RATE']);
  assert.equal(failureOf(judgeExchange(kissExchange('DENY'))).kissCode, 'DENY');
  assert.equal(failureOf(judgeExchange(kissExchange('ZZZZ'))).kissCode, 'other');
});

test('unsynchronized servers: stratum 0 without a code, leap 3, stratum 16; what they said is kept', () => {
  const chronyStyle = failureOf(
    judgeExchange(replyExchange({ leap: 3, stratum: 0, referenceId: Buffer.alloc(4) })),
  );
  assert.equal(chronyStyle.reason, 'unsynchronized');
  assert.deepEqual([chronyStyle.server?.leap, chronyStyle.server?.stratum], [3, 0]);
  assert.equal(failureOf(judgeExchange(replyExchange({ leap: 3, stratum: 2 }))).reason, 'unsynchronized');
  assert.equal(failureOf(judgeExchange(replyExchange({ stratum: 16 }))).reason, 'unsynchronized');
  const zero = failureOf(
    judgeExchange(replyExchange({ stratum: 0, referenceId: Buffer.from([10, 0, 0, 1]) })),
  );
  assert.equal(zero.reason, 'unsynchronized');
});

test('bad replies: short, wrong mode or version, not our request, zero or inconsistent timestamps', () => {
  const cases: [string, ReturnType<typeof replyExchange>][] = [
    ['short', { ...replyExchange(), packet: replyExchange().packet.subarray(0, 40) }],
    ['mode 3', replyExchange({ mode: 3 })],
    ['mode 5 (broadcast)', replyExchange({ mode: 5 })],
    ['version 2', replyExchange({ version: 2 })],
    ['originate mismatch', replyExchange({ originate: NONCE ^ 1n })],
    ['zero receive', replyExchange({ receive: 0n })],
    ['zero transmit', replyExchange({ transmit: 0n })],
    ['transmit before receive', replyExchange({ processingNs: -1_000n })],
  ];
  for (const [name, exchange] of cases)
    assert.equal(failureOf(judgeExchange(exchange)).reason, 'bad_reply', name);
  // The server held the request 10 us, inside a 12 us round trip: consistent. The same
  // reply seen after only 5 us would mean the server held it longer than it was away.
  const slowServer = replyExchange({ outboundNs: 1_000n, inboundNs: 1_000n, processingNs: 10_000n });
  assert.ok(judgeExchange(slowServer).ok);
  const impossible = { ...slowServer, receivedMonoNs: slowServer.sentMonoNs + 5_000n };
  assert.equal(failureOf(judgeExchange(impossible)).reason, 'bad_reply');
});

test('no reply and socket errors', () => {
  assert.equal(failureOf(judgeExchange({ kind: 'timeout' })).reason, 'timeout');
  const refused = failureOf(judgeExchange({ kind: 'network', code: 'ECONNREFUSED' }));
  assert.deepEqual([refused.reason, refused.detail], ['network', 'socket error ECONNREFUSED']);
});
