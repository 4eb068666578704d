// The ntp collector in the built exporter as a user runs it: off without servers; under
// libfaketime (the exporter's own clock set off by a known amount, the machine's clock
// untouched) the measured offset agrees with that amount within the error bound; `check`
// reports each server and the verdict; a bad server list exits 2.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MAIN, sampleValue, startExporter, type RunningExporter } from '../support/exporter';
import { startNtpServer, type Behaviour } from '../support/ntp-server';
import { LIBFAKETIME, needTools } from '../support/tools';
import { waitFor } from '../support/wait';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-ntp-'));
const exporters: RunningExporter[] = [];
after(async () => {
  for (const e of exporters) await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

const FAST = [
  '--collector.ntp.interval=1s',
  '--collector.ntp.sample-spacing=20ms',
  '--collector.ntp.reply-timeout=500ms',
];
const OTHERS_OFF = ['clock', 'timesync', 'listen', 'services', 'topology', 'timer'].map(
  (c) => `--no-collector.${c}`,
);

interface Measured {
  offset: number;
  bound: number;
}

async function measured(e: RunningExporter, label: string): Promise<Measured | undefined> {
  const text = await e.scrape();
  const offset = sampleValue(text, `hostwatch_ntp_offset_seconds{server="${label}"}`);
  const bound = sampleValue(text, `hostwatch_ntp_offset_error_bound_seconds{server="${label}"}`);
  return offset === undefined || bound === undefined ? undefined : { offset, bound };
}

/** Waits for an offset within the bound of the expected one (1 us slack: see test/linux/ntp.test.ts). */
async function offsetNear(e: RunningExporter, label: string, expected: number): Promise<Measured> {
  let last: Measured | undefined;
  try {
    return await waitFor(
      `offset ${expected}`,
      async () => {
        last = await measured(e, label);
        return last && Math.abs(last.offset - expected) <= last.bound + 1e-6 ? last : undefined;
      },
      30_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last ${JSON.stringify(last)}`, { cause: error });
  }
}

test('no server configured: the collector is off, with one log line saying how to turn it on', async () => {
  const e = await startExporter(OTHERS_OFF);
  exporters.push(e);
  const text = await e.scrape();
  assert.doesNotMatch(text, /^hostwatch_ntp_/m);
  assert.doesNotMatch(text, /collector="ntp"/);
  const off = e.logs.filter((l) => l.includes('collector off'));
  assert.equal(off.length, 1, e.logs.join('\n'));
  assert.match(off[0] ?? '', /--collector\.ntp\.servers=HOST\[:PORT\]/);
});

describe('under libfaketime', { skip: needTools(LIBFAKETIME) }, () => {
  test('clock set +5 s: measured -5 s within the bound; moved to -3 s: measured +3 s', async () => {
    const server = await startNtpServer();
    const offsetFile = join(dir, 'offset');
    writeFileSync(offsetFile, '+5s');
    try {
      const e = await startExporter([...OTHERS_OFF, `--collector.ntp.servers=${server.label}`, ...FAST], {
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME_TIMESTAMP_FILE: offsetFile,
        FAKETIME_NO_CACHE: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
      });
      exporters.push(e);
      const ahead = await offsetNear(e, server.label, -5);
      assert.ok(ahead.bound < 0.05, `loopback bound ${ahead.bound}`);
      writeFileSync(offsetFile, '-3s');
      await offsetNear(e, server.label, 3);
      const text = await e.scrape();
      assert.equal(sampleValue(text, `hostwatch_ntp_up{server="${server.label}"}`), 1);
      assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="ntp"}'), 1);
    } finally {
      await server.close();
    }
  });
});

function check(servers: string, extra: string[] = []) {
  const r = spawnSync(
    process.execPath,
    [
      MAIN,
      'check',
      ...OTHERS_OFF,
      `--collector.ntp.servers=${servers}`,
      '--collector.ntp.sample-spacing=20ms',
      ...extra,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}

async function checkAgainst(behaviour: Partial<Behaviour>) {
  const server = await startNtpServer(behaviour);
  try {
    // Not spawnSync: it would block the event loop the test server answers on.
    const child = spawn(
      process.execPath,
      [
        MAIN,
        'check',
        ...OTHERS_OFF,
        `--collector.ntp.servers=${server.label}`,
        '--collector.ntp.sample-spacing=20ms',
        '--collector.ntp.reply-timeout=300ms',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { status, out, label: server.label };
  } finally {
    await server.close();
  }
}

describe('check', () => {
  test('a server on time: its line and the verdict, exit 0', async () => {
    const { status, out, label } = await checkAgainst({ stratum: 1, referenceId: 'PPS' });
    assert.match(out, /^ntp probe$/m);
    assert.match(
      out,
      new RegExp(
        `^ {2}ok +${label.replace(/\./g, '\\.')}: offset [+-][\\d.]+ [µnm]?s ± .*, delay .*, stratum 1, reference PPS$`,
        'm',
      ),
    );
    assert.match(
      out,
      /^ {2}ok +wall clock offset [+-][\d.]+ [µnm]?s ± .* \(median of 1 server\): within 50 ms$/m,
    );
    assert.equal(status, 0, out);
  });

  test('a clock 2 s behind the server: attention, exit 1, the paging runbook', async () => {
    const { status, out } = await checkAgainst({ offsetSeconds: 2 });
    assert.match(
      out,
      /^ {2}ATTENTION +wall clock offset \+(1\.99\d*|2(\.\d+)?) s ± .*: beyond 1 s {2}-> docs\/runbooks\/HostwatchClockSkewCritical\.md$/m,
    );
    assert.equal(status, 1, out);
  });

  test('a clock 200 ms ahead: attention with the ticket runbook', async () => {
    const { status, out } = await checkAgainst({ offsetSeconds: -0.2 });
    assert.match(
      out,
      /ATTENTION +wall clock offset -\d+(\.\d+)? ms ± .*: beyond 50 ms {2}-> docs\/runbooks\/HostwatchClockSkewDetected\.md$/m,
    );
    assert.equal(status, 1, out);
  });

  test('no answer: the reasons per server, and attention', async () => {
    const { status, out, label } = await checkAgainst({ silent: true });
    assert.match(
      out,
      new RegExp(
        `info +${label.replace(/\./g, '\\.')}: no usable reply of 4 \\(no reply within the reply timeout\\)`,
      ),
    );
    assert.match(
      out,
      /ATTENTION +no NTP server gave a usable reply.* {2}-> docs\/runbooks\/HostwatchNtpServersUnreachable\.md$/m,
    );
    assert.equal(status, 1, out);
  });

  test('no server: an info line says how to turn the probe on; exit 0', () => {
    const r = spawnSync(process.execPath, [MAIN, 'check', ...OTHERS_OFF], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.match(
      r.stdout,
      /^ {2}info +off: no server configured: set collectors\.ntp\.servers .* to turn it on$/m,
    );
    assert.equal(r.status, 0, r.stdout);
  });

  test('a bad server list exits 2 naming the key, the value and what is accepted', () => {
    const r = check('time.example.com:99999');
    assert.equal(r.status, 2);
    assert.match(
      r.err,
      /invalid value for collectors\.ntp\.servers \(--collector\.ntp\.servers\): "time\.example\.com:99999"; accepted: up to 16 NTP servers/,
    );
  });
});
