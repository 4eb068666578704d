// The built exporter as a user runs it: promtool's lint on a real scrape, readiness,
// and a clean shutdown on SIGTERM while a scrape is in flight.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { needTools } from '../support/tools';
import { sampleValue, startExporter, type RunningExporter } from '../support/exporter';

describe('the running exporter', () => {
  let exporter: RunningExporter;
  before(async () => {
    exporter = await startExporter(['--log.format=logfmt']);
  });
  after(async () => {
    await exporter.stop();
  });

  test(
    '`promtool check metrics` finds nothing to lint in a real scrape',
    { skip: needTools('promtool') },
    async () => {
      const text = await exporter.scrape();
      const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      assert.equal(`${r.stdout}${r.stderr}`.trim(), '', 'no lint findings');
      assert.equal(r.status, 0);
    },
  );

  test('the clock family is there with sane values', async () => {
    const text = await exporter.scrape();
    assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="clock"}'), 1);
    assert.ok((sampleValue(text, 'hostwatch_clock_samples_total') ?? 0) >= 1);
    assert.equal(sampleValue(text, 'hostwatch_clock_monotonic_frequency_hertz'), 1e9);
    const reported = sampleValue(text, 'hostwatch_clock_resolution_seconds{clock="wall",method="reported"}');
    assert.ok(reported !== undefined && reported > 0 && reported <= 0.001);
    assert.match(
      text,
      /^hostwatch_build_info\{version="[^"]+",platform="linux",arch="\w+",node_version="v\d+/m,
    );
  });

  test('/readyz turns ready and logs are logfmt', async () => {
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await fetch(exporter.url('/readyz'))).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
    assert.ok(
      exporter.logs.some((l) => /^time=\S+ level=info msg=listening /.test(l)),
      exporter.logs.join('\n'),
    );
  });
});

test('SIGTERM with an idle keep-alive connection open: the process exits 0', async () => {
  const exporter = await startExporter();
  const socket = connect(exporter.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  const [chunk] = (await once(socket, 'data')) as [Buffer];
  assert.match(chunk.toString(), /^HTTP\/1\.1 200 OK/);
  assert.equal(await exporter.stop(), 0);
  socket.destroy();
});

test('/readyz turns ready without any scrape of /metrics', async () => {
  const exporter = await startExporter();
  try {
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      const res = await fetch(exporter.url('/readyz'));
      status = res.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
  } finally {
    await exporter.stop();
  }
});
