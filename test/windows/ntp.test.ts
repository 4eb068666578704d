// Runs inside node.exe under Wine (or on Windows): the ntp collector with its Windows
// backend (node:dgram on Winsock, GetSystemTimePreciseAsFileTime bracketed by QPC)
// against the test NTP server running in the same node.exe.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ntpCollector } from '../../src/collectors/ntp';
import { runCheck } from '../../src/check';
import { loadConfig } from '../../src/config/load';
import { createCollector, type CollectorUnderTest } from '../support/collector';
import { sampleValue } from '../support/exporter';
import { startNtpServer, type TestNtpServer } from '../support/ntp-server';
import { waitFor } from '../support/wait';

const skip = process.platform !== 'win32' && 'runs in node.exe under Wine';
let server: TestNtpServer | undefined;
let probe: CollectorUnderTest | undefined;

after(async () => {
  await probe?.collector.stop?.();
  await server?.close();
});

test(
  'a chosen offset of -1.25 s is measured within the error bound; lost packet and leap seen',
  { skip },
  async () => {
    server = await startNtpServer({ offsetSeconds: -1.25, drop: 1, leap: 2 });
    const s = server;
    probe = createCollector(ntpCollector, {
      servers: s.label,
      sample_spacing: '20ms',
      reply_timeout: '500ms',
    });
    const p = probe;
    p.collector.start?.();
    await waitFor('the first round', async () => (p.collector.isReady() ? true : undefined), 60_000);
    const text = await p.scrape();
    const value = (name: string, labels = '') =>
      sampleValue(text, `${name}{server="${s.label}"${labels ? `,${labels}` : ''}}`);
    const offset = value('hostwatch_ntp_offset_seconds') ?? NaN;
    const bound = value('hostwatch_ntp_offset_error_bound_seconds') ?? NaN;
    // 1 us for the rate difference of QPC and the wall clock over the round trip.
    assert.ok(Math.abs(offset + 1.25) <= bound + 1e-6, `offset ${offset}, bound ${bound}`);
    assert.deepEqual(
      [
        value('hostwatch_ntp_up'),
        value('hostwatch_ntp_leap_indicator'),
        value('hostwatch_ntp_errors_total', 'reason="timeout"'),
        value('hostwatch_ntp_requests_total'),
      ],
      [1, 2, 1, 4],
    );
  },
);

test('check: the NTP section against the test server', { skip }, async () => {
  const s = server ?? (await startNtpServer());
  s.set({ offsetSeconds: 0, drop: 0, leap: 0 });
  const only = ['clock', 'timesync', 'timer', 'topology', 'listen', 'services'].map(
    (c) => `--no-collector.${c}`,
  );
  let page = '';
  const argv = [
    'check',
    ...only,
    `--collector.ntp.servers=${s.label}`,
    '--collector.ntp.sample-spacing=20ms',
  ];
  const status = await runCheck(loadConfig(argv, 'windows').config, 'windows', (t) => (page += t));
  assert.match(
    page,
    /^ {2}ok +wall clock offset [+-][\d.]+ [µnm]?s ± .* \(median of 1 server\): within 50 ms$/m,
  );
  assert.equal(status, 0, page);
});
