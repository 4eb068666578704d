// The ntp collector against a real NTP server: chronyd from Debian, run by this test on
// a loopback port and stopped by it (test/support/chrony.ts says how it is kept from
// ever touching this machine's clock). chronyd serves this machine's own clock, so the
// measured offset must be 0 within the error bound.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { ntpCollector } from '../../src/collectors/ntp';
import { CHRONYD, SETPRIV, startChrony, type ChronyServer } from '../support/chrony';
import { createCollector, type CollectorUnderTest } from '../support/collector';
import { sampleValue } from '../support/exporter';
import { needTools } from '../support/tools';
import { waitFor } from '../support/wait';

const skip = needTools(CHRONYD, SETPRIV);
const CAP_SYS_TIME = 25n;
const running: { chrony?: ChronyServer; probe?: CollectorUnderTest }[] = [];

after(async () => {
  for (const r of running) {
    await r.probe?.collector.stop?.();
    await r.chrony?.stop();
  }
});

async function probeChrony(local: boolean) {
  const chrony = await startChrony({ local });
  const probe = createCollector(ntpCollector, {
    servers: chrony.label,
    sample_spacing: '50ms',
    reply_timeout: '500ms',
  });
  running.push({ chrony, probe });
  probe.collector.start?.();
  await waitFor('the first round', async () => (probe.collector.isReady() ? true : undefined), 30_000);
  const text = await probe.scrape();
  const value = (name: string, labels = '') =>
    sampleValue(text, `${name}{server="${chrony.label}"${labels ? `,${labels}` : ''}}`);
  return { chrony, probe, text, value };
}

function capabilities(pid: number): { effective: bigint; bounding: bigint } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1]}`);
  return { effective: field('CapEff'), bounding: field('CapBnd') };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ntp probe against chronyd on loopback', { skip }, () => {
  test('chronyd cannot set the clock: no CAP_SYS_TIME, effective or bounding', async () => {
    const { chrony } = await probeChrony(true);
    const caps = capabilities(chrony.pid);
    assert.equal((caps.effective >> CAP_SYS_TIME) & 1n, 0n);
    assert.equal((caps.bounding >> CAP_SYS_TIME) & 1n, 0n);
    assert.match(chrony.log(), /Disabled control of system clock/);
  });

  test('local stratum 8: a usable sample, offset 0 within the bound, the LOCL reference of chrony', async () => {
    const { value, text, chrony } = await probeChrony(true);
    const offset = value('hostwatch_ntp_offset_seconds') ?? NaN;
    const bound = value('hostwatch_ntp_offset_error_bound_seconds') ?? NaN;
    // 1 us for the rate difference of the two clocks over the round trip (see ntp.test.ts).
    assert.ok(Math.abs(offset) <= bound + 1e-6, `offset ${offset}, bound ${bound}`);
    assert.deepEqual(
      [
        value('hostwatch_ntp_up'),
        value('hostwatch_ntp_stratum'),
        value('hostwatch_ntp_leap_indicator'),
        value('hostwatch_ntp_errors_total', 'reason="timeout"'),
      ],
      [1, 8, 0, 0],
    );
    // chronyd's local reference has the Reference ID 127.127.1.1 (LOCL).
    assert.equal(
      sampleValue(
        text,
        `hostwatch_ntp_server_info{server="${chrony.label}",address="127.0.0.1",reference_id="127.127.1.1"}`,
      ),
      1,
    );
  });

  test('no reference: chronyd answers unsynchronized (leap 3, stratum 0), nothing is used', async () => {
    const { value } = await probeChrony(false);
    assert.deepEqual(
      [
        value('hostwatch_ntp_up'),
        value('hostwatch_ntp_leap_indicator'),
        value('hostwatch_ntp_stratum'),
        value('hostwatch_ntp_errors_total', 'reason="unsynchronized"'),
        value('hostwatch_ntp_offset_seconds'),
      ],
      [0, 3, 0, 4, undefined],
    );
  });

  test('stopped: every chronyd this test started has exited', async () => {
    const pids = running.flatMap((r) => (r.chrony ? [r.chrony.pid] : []));
    assert.ok(pids.length >= 3);
    for (const r of running) {
      await r.probe?.collector.stop?.();
      await r.chrony?.stop();
    }
    running.length = 0;
    await waitFor('chronyd gone', async () => (pids.every((pid) => !alive(pid)) ? true : undefined));
  });
});
