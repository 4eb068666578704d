// How fresh a served value is (docs/architecture.md, "The scrape path"): one update serves
// every scrape for MAX_AGE_SECONDS, so a change the exporter has seen must show in every
// scrape sent MAX_AGE_SECONDS after it. Three real changes, each injected into the
// exporter's own process or into a private service manager:
//   - a wall-clock step under libfaketime, seen by the clock sampler (it logs the step);
//   - a listen probe that starts failing (the bind() shim), seen by the next probe (logged);
//   - a service stopped in a systemd --user manager, read at scrape time.
// "Seen" is the exporter's log line, or, for the scrape-time reader, the moment systemctl
// returns. From then the test waits MAX_AGE_SECONDS on the monotonic clock (which the
// exporter shares) and sends ONE scrape, which must show the change. No duration is
// asserted: the waits are lower bounds, and a slower machine only makes them longer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_AGE_SECONDS } from '../../src/server/exposition';
import { buildBindShim } from '../support/bind-shim';
import { sampleValue, sleep, startExporter, type RunningExporter } from '../support/exporter';
import { startUserManager } from '../support/systemd-user';
import { LIBFAKETIME, needTools } from '../support/tools';
import { waitFor } from '../support/wait';
import { freePort } from '../support/ports';

let dir: string;
const running: RunningExporter[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostwatch-freshness-'));
});
after(async () => {
  await Promise.all(running.map((e) => e.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningExporter> {
  const exporter = await startExporter(args, env);
  running.push(exporter);
  return exporter;
}

/** performance.now() when the exporter logged a line matching `pattern` (seen by the test). */
async function logged(exporter: RunningExporter, pattern: RegExp): Promise<number> {
  return waitFor(`a log line ${pattern}`, async () =>
    exporter.logs.some((line) => pattern.test(line)) ? performance.now() : undefined,
  );
}

/** One scrape sent no earlier than MAX_AGE_SECONDS after `seenMs` (monotonic). */
async function scrapeAfterMaxAge(exporter: RunningExporter, seenMs: number): Promise<string> {
  const due = seenMs + MAX_AGE_SECONDS * 1000;
  while (performance.now() <= due) await sleep(Math.max(1, due - performance.now()));
  return exporter.scrape();
}

test(
  'a clock step shows in the first scrape sent MAX_AGE after the sampler saw it',
  { skip: needTools(LIBFAKETIME) },
  async () => {
    const offset = join(dir, 'offset');
    writeFileSync(offset, '+0');
    const exporter = await start(
      ['--no-collector.listen', '--no-collector.services', '--no-collector.timer'],
      {
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME_TIMESTAMP_FILE: offset,
        FAKETIME_NO_CACHE: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
      },
    );
    const forward = 'hostwatch_clock_steps_total{source="sampler",direction="forward"}';
    assert.equal(sampleValue(await exporter.scrape(), forward), 0);
    writeFileSync(offset, '+30s');
    const seen = await logged(exporter, /wall clock stepped/);
    const text = await scrapeAfterMaxAge(exporter, seen);
    assert.equal(sampleValue(text, forward), 1);
    assert.ok(Math.abs((sampleValue(text, 'hostwatch_clock_last_step_seconds') ?? 0) - 30) < 0.1);
  },
);

test(
  'a listen probe that starts failing shows in the first scrape sent MAX_AGE after the probe',
  { skip: needTools('gcc') },
  async () => {
    const shim = buildBindShim(dir);
    const port = await freePort();
    const failing = join(dir, 'fail-bind');
    const config = join(dir, 'listen.yml');
    writeFileSync(
      config,
      `collectors:\n  listen:\n    targets:\n      - { name: flaky, address: 127.0.0.1, port: ${port}, interval: 1s }\n`,
    );
    const env = {
      LD_PRELOAD: shim,
      HOSTWATCH_SHIM_PORT: String(port),
      HOSTWATCH_SHIM_ERRNO: '13',
      HOSTWATCH_SHIM_ERRNO_FILE: failing,
    };
    const exporter = await start(
      [`--config.file=${config}`, '--no-collector.clock', '--no-collector.services'],
      env,
    );
    await waitFor('a first successful probe', async () =>
      sampleValue(await exporter.scrape(), 'hostwatch_listen_up{target="flaky"}') === 1 ? true : undefined,
    );
    writeFileSync(failing, '');
    const seen = await logged(exporter, /listen probe failed.*"code":"EACCES"/);
    const text = await scrapeAfterMaxAge(exporter, seen);
    assert.equal(sampleValue(text, 'hostwatch_listen_up{target="flaky"}'), 0);
    assert.ok((sampleValue(text, 'hostwatch_listen_errors_total{target="flaky",code="EACCES"}') ?? 0) >= 1);
  },
);

test(
  'a service stopped shows in the first scrape sent MAX_AGE after systemctl returned',
  { skip: needTools('unshare', '/lib/systemd/systemd', 'systemctl') },
  async (t) => {
    const manager = await startUserManager();
    if (typeof manager === 'string') return t.skip(manager);
    try {
      manager.writeUnit('hw-fresh.service', '[Service]\nExecStart=/bin/sleep 600\n');
      manager.systemctl('start', 'hw-fresh.service');
      const config = join(dir, 'services.yml');
      writeFileSync(
        config,
        `collectors:\n  services:\n    include: 'hw-.*'\n    cache: 0s\n    systemd_address: '${manager.address}'\n`,
      );
      const exporter = await start([
        `--config.file=${config}`,
        '--no-collector.clock',
        '--no-collector.listen',
      ]);
      const state = (text: string, s: string) =>
        sampleValue(text, `hostwatch_service_state{name="hw-fresh",state="${s}"}`);
      await waitFor('the service seen running', async () =>
        state(await exporter.scrape(), 'running') === 1 ? true : undefined,
      );
      manager.systemctl('stop', 'hw-fresh.service');
      const text = await scrapeAfterMaxAge(exporter, performance.now());
      assert.equal(state(text, 'stopped'), 1);
      assert.equal(state(text, 'running'), 0);
    } finally {
      await manager.stop();
    }
  },
);
