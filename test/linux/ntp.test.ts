// The ntp collector with its real backend (node:dgram, the clock collector's clock)
// against the tests' own NTP server on loopback, answering with chosen offsets, delays,
// leap bits, stratum, kiss-o'-death, bad replies, lost packets, or not at all.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, test } from 'node:test';
import { ntpCollector } from '../../src/collectors/ntp';
import { createCollector, type CollectorUnderTest } from '../support/collector';
import { sampleValue } from '../support/exporter';
import { startNtpServer, type Behaviour, type TestNtpServer } from '../support/ntp-server';
import { needTools } from '../support/tools';
import { waitFor } from '../support/wait';

/**
 * The offset's error against the server is at most half the delay plus the bracket width
 * (docs/collectors/ntp.md#error-bound). The monotonic clock that times the round trip and
 * the wall clock that stamps T2 and T3 may run at rates up to 500 ppm apart (slewing), a
 * nanosecond-scale effect on a loopback round trip: 1 us covers it.
 */
const RATE_SLACK_SECONDS = 1e-6;

let server: TestNtpServer | undefined;
let probe: CollectorUnderTest | undefined;

afterEach(async () => {
  await probe?.collector.stop?.();
  await server?.close();
  probe = undefined;
  server = undefined;
});

async function probeOf(behaviour: Partial<Behaviour>, options: Record<string, unknown> = {}) {
  server = await startNtpServer(behaviour);
  probe = createCollector(ntpCollector, {
    servers: server.label,
    interval: '1s',
    sample_spacing: '10ms',
    reply_timeout: '300ms',
    ...options,
  });
  probe.collector.start?.();
  const s = server;
  const p = probe;
  await waitFor('the first round', async () => (p.collector.isReady() ? true : undefined), 30_000);
  const text = await p.scrape();
  const value = (name: string, labels = '') =>
    sampleValue(text, `${name}{server="${s.label}"${labels ? `,${labels}` : ''}}`);
  return { text, value, server: s, probe: p };
}

/** Waits until the collector has finished `n` more rounds (its sample age drops each time). */
async function roundsPassed(p: CollectorUnderTest, n: number): Promise<void> {
  let seen = 0;
  let previous = p.collector.lastSampleAgeSeconds?.() ?? 0;
  await waitFor(
    `${n} more round(s)`,
    async () => {
      const age = p.collector.lastSampleAgeSeconds?.() ?? 0;
      if (age < previous) seen++;
      previous = age;
      return seen >= n ? true : undefined;
    },
    30_000,
  );
}

function assertWithinBound(value: (name: string) => number | undefined, expectedSeconds: number): void {
  const offset = value('hostwatch_ntp_offset_seconds');
  const bound = value('hostwatch_ntp_offset_error_bound_seconds');
  assert.ok(offset !== undefined && bound !== undefined, 'offset and bound exported');
  assert.ok(
    Math.abs(offset - expectedSeconds) <= bound + RATE_SLACK_SECONDS,
    `offset ${offset} is not ${expectedSeconds} within ${bound}`,
  );
}

describe('ntp probe against the test server', () => {
  test('same clock: offset 0 within the error bound; server state and info exported', async () => {
    const { value, text, server: s } = await probeOf({ stratum: 1, referenceId: 'GPS' });
    assertWithinBound(value, 0);
    const delay = value('hostwatch_ntp_round_trip_delay_seconds') ?? NaN;
    const bound = value('hostwatch_ntp_offset_error_bound_seconds') ?? NaN;
    assert.ok(delay > 0 && delay < 0.3, `delay ${delay}`);
    assert.ok(bound >= delay / 2 && bound < delay / 2 + 1e-3, `bound ${bound} for delay ${delay}`);
    assert.deepEqual(
      [
        value('hostwatch_ntp_up'),
        value('hostwatch_ntp_stratum'),
        value('hostwatch_ntp_leap_indicator'),
        value('hostwatch_ntp_root_delay_seconds'),
        value('hostwatch_ntp_root_dispersion_seconds'),
        value('hostwatch_ntp_requests_total'),
        value('hostwatch_ntp_errors_total', 'reason="timeout"'),
      ],
      [1, 1, 0, Math.round(0.0125 * 65536) / 65536, Math.round(0.0025 * 65536) / 65536, 4, 0],
    );
    assert.equal(
      sampleValue(
        text,
        `hostwatch_ntp_server_info{server="${s.label}",address="127.0.0.1",reference_id="GPS"}`,
      ),
      1,
    );
  });

  test('chosen offsets +2.5 s and -0.75 s are measured within the error bound', async () => {
    assertWithinBound((await probeOf({ offsetSeconds: 2.5 })).value, 2.5);
    await server?.close();
    await probe?.collector.stop?.();
    assertWithinBound((await probeOf({ offsetSeconds: -0.75 })).value, -0.75);
  });

  test('path delays: symmetric ones add to the delay only; an asymmetric one stays within the bound', async () => {
    const symmetric = await probeOf({ requestDelayMs: 40, replyDelayMs: 40, offsetSeconds: 0.2 });
    assert.ok((symmetric.value('hostwatch_ntp_round_trip_delay_seconds') ?? 0) >= 0.08);
    assertWithinBound(symmetric.value, 0.2);
    await server?.close();
    await probe?.collector.stop?.();
    const asymmetric = await probeOf({ replyDelayMs: 100 });
    const offset = asymmetric.value('hostwatch_ntp_offset_seconds') ?? NaN;
    assert.ok(offset < -0.02, `a 100 ms reply path biases the offset by about -50 ms: ${offset}`);
    assertWithinBound(asymmetric.value, 0);
  });

  test('a single noisy sample with a large delay is not the one kept', async () => {
    const { value } = await probeOf({ extraReplyDelaysMs: [250] });
    assert.ok((value('hostwatch_ntp_round_trip_delay_seconds') ?? 1) < 0.25);
    assert.ok(Math.abs(value('hostwatch_ntp_offset_seconds') ?? 1) < 0.05);
    assertWithinBound(value, 0);
  });

  test('one lost packet: the round still succeeds, the loss is counted as a timeout', async () => {
    const { value } = await probeOf({ drop: 1 });
    assert.deepEqual(
      [value('hostwatch_ntp_up'), value('hostwatch_ntp_errors_total', 'reason="timeout"')],
      [1, 1],
    );
    assertWithinBound(value, 0);
  });

  test('a leap-second warning is reported and the sample used', async () => {
    const { value } = await probeOf({ leap: 1 });
    assert.deepEqual([value('hostwatch_ntp_leap_indicator'), value('hostwatch_ntp_up')], [1, 1]);
  });

  test('unsynchronized servers: leap 3, stratum 0, stratum 16', async () => {
    for (const behaviour of [{ leap: 3 }, { stratum: 0, referenceId: '0.0.0.0' }, { stratum: 16 }]) {
      const { value } = await probeOf(behaviour);
      assert.deepEqual(
        [
          value('hostwatch_ntp_up'),
          value('hostwatch_ntp_errors_total', 'reason="unsynchronized"'),
          value('hostwatch_ntp_offset_seconds'),
          value('hostwatch_ntp_leap_indicator'),
        ],
        [0, 4, undefined, behaviour.leap ?? 0],
        JSON.stringify(behaviour),
      );
      await server?.close();
      await probe?.collector.stop?.();
    }
  });

  test("kiss-o'-death RATE: counted by code, the round stops, the next round is skipped", async () => {
    const { value, server: s, probe: p } = await probeOf({ kissCode: 'RATE' });
    assert.deepEqual(
      [
        value('hostwatch_ntp_requests_total'),
        value('hostwatch_ntp_errors_total', 'reason="kiss_of_death"'),
        value('hostwatch_ntp_kiss_of_death_total', 'code="RATE"'),
        value('hostwatch_ntp_up'),
      ],
      [1, 1, 1, 0],
    );
    // Back-off 2: the next round skips the server, the one after probes it again.
    await roundsPassed(p, 1);
    assert.equal(s.received, 1);
    await roundsPassed(p, 1);
    assert.equal(s.received, 2);
  });

  test("kiss-o'-death DENY: the server is not probed again", async () => {
    const { value, server: s, probe: p } = await probeOf({ kissCode: 'DENY' });
    assert.equal(value('hostwatch_ntp_kiss_of_death_total', 'code="DENY"'), 1);
    await roundsPassed(p, 3);
    assert.equal(s.received, 1);
    const refusals = p.logs.filter((l) => l.includes('refused service'));
    assert.equal(refusals.length, 1);
    assert.match(refusals[0] ?? '', /"code":"DENY"/);
  });

  test('bad replies: not our request, truncated, wrong mode', async () => {
    for (const behaviour of [{ wrongOriginate: true }, { truncateTo: 40 }, { mode: 3 }]) {
      const { value } = await probeOf(behaviour);
      assert.deepEqual(
        [value('hostwatch_ntp_up'), value('hostwatch_ntp_errors_total', 'reason="bad_reply"')],
        [0, 4],
        JSON.stringify(behaviour),
      );
      await server?.close();
      await probe?.collector.stop?.();
    }
  });

  test('a server that never answers: timeouts, up 0, no offset, one log line', async () => {
    const { value, probe: p } = await probeOf({ silent: true });
    assert.deepEqual(
      [
        value('hostwatch_ntp_up'),
        value('hostwatch_ntp_errors_total', 'reason="timeout"'),
        value('hostwatch_ntp_offset_seconds'),
        value('hostwatch_ntp_last_success_timestamp_seconds'),
      ],
      [0, 4, undefined, undefined],
    );
    assert.equal(p.logs.filter((l) => l.includes('no usable reply')).length, 1);
  });

  test('nothing listens on the port: ICMP port unreachable is a network error', async () => {
    const gone = await startNtpServer();
    await gone.close();
    const p = createCollector(ntpCollector, {
      servers: gone.label,
      reply_timeout: '300ms',
      sample_spacing: '10ms',
    });
    probe = p;
    p.collector.start?.();
    await waitFor('a round', async () => (p.collector.isReady() ? true : undefined), 30_000);
    const text = await p.scrape();
    assert.equal(sampleValue(text, `hostwatch_ntp_errors_total{server="${gone.label}",reason="network"}`), 4);
    assert.equal(sampleValue(text, `hostwatch_ntp_up{server="${gone.label}"}`), 0);
  });

  test('a name that does not resolve counts as resolve, with no request sent', async () => {
    const p = createCollector(ntpCollector, { servers: 'no-such-host.invalid', reply_timeout: '300ms' });
    probe = p;
    p.collector.start?.();
    await waitFor('a round', async () => (p.collector.isReady() ? true : undefined), 30_000);
    const text = await p.scrape();
    const labels = 'server="no-such-host.invalid:123"';
    assert.equal(sampleValue(text, `hostwatch_ntp_errors_total{${labels},reason="resolve"}`), 1);
    assert.equal(sampleValue(text, `hostwatch_ntp_requests_total{${labels}}`), 0);
  });

  test('the exposition passes promtool check metrics', { skip: needTools('promtool') }, async () => {
    const { text } = await probeOf({});
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(`${check.stdout}${check.stderr}`, '');
    assert.equal(check.status, 0);
  });
});
