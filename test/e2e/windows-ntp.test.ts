// The Windows build (node.exe under Wine) probing the test NTP server, which runs here
// on the Linux side of loopback: the same probe, Winsock and the Windows clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sampleValue } from '../support/exporter';
import { startNtpServer, type TestNtpServer } from '../support/ntp-server';
import { needTools } from '../support/tools';
import { waitFor } from '../support/wait';
import { clonePrefix, prepareWindowsRuntime, removePrefix, startWindowsExporter } from '../support/wine';
import type { WindowsExporter, WindowsRuntime } from '../support/wine';

const skip = needTools('wine');

describe('ntp probe in node.exe under Wine', { skip }, () => {
  let runtime: WindowsRuntime;
  let prefix: string;
  let server: TestNtpServer;
  let exporter: WindowsExporter | undefined;

  before(async () => {
    runtime = prepareWindowsRuntime();
    prefix = clonePrefix();
    server = await startNtpServer({ offsetSeconds: 1.5, stratum: 1, referenceId: 'GPS' });
  });
  after(async () => {
    await exporter?.signal('SIGKILL');
    if (prefix) removePrefix(prefix);
    await server?.close();
  });

  test('the offset of a server 1.5 s ahead is measured within the error bound', async () => {
    const only = ['clock', 'timesync', 'listen', 'services', 'topology', 'timer'].map(
      (c) => `--no-collector.${c}`,
    );
    exporter = await startWindowsExporter(runtime, prefix, [
      ...only,
      `--collector.ntp.servers=${server.label}`,
      '--collector.ntp.interval=2s',
      '--collector.ntp.sample-spacing=20ms',
    ]);
    const e = exporter;
    const series = (name: string) => `${name}{server="${server.label}"}`;
    const text = await waitFor(
      'a measured offset',
      async () => {
        const t = await e.scrape();
        return sampleValue(t, series('hostwatch_ntp_offset_seconds')) === undefined ? undefined : t;
      },
      60_000,
    );
    const offset = sampleValue(text, series('hostwatch_ntp_offset_seconds')) ?? NaN;
    const bound = sampleValue(text, series('hostwatch_ntp_offset_error_bound_seconds')) ?? NaN;
    // 1 us for the rate difference of QPC and the wall clock over the round trip.
    assert.ok(Math.abs(offset - 1.5) <= bound + 1e-6, `offset ${offset}, bound ${bound}\n${e.log()}`);
    assert.equal(sampleValue(text, series('hostwatch_ntp_up')), 1);
    assert.equal(sampleValue(text, series('hostwatch_ntp_stratum')), 1);
    assert.equal(
      sampleValue(
        text,
        `hostwatch_ntp_server_info{server="${server.label}",address="127.0.0.1",reference_id="GPS"}`,
      ),
      1,
    );
    assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="ntp"}'), 1);
  });
});
