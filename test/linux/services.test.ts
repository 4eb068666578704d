// The Linux services backend against a real systemd: the system manager where systemd
// runs, and everywhere a `systemd --user` manager in a private mount namespace whose
// units the test creates, enables, starts, masks and deletes. Where there is no systemd
// on the system bus (this container, CI), the clean degradation path.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { servicesCollector } from '../../src/collectors/services';
import { createCollector } from '../support/collector';
import { sampleValue } from '../support/exporter';
import { startUserManager, type UserManager } from '../support/systemd-user';
import { cannotRun, needTools } from '../support/tools';

const SYSTEMD_IS_INIT = existsSync('/run/systemd/system');
const SLEEPER = `[Unit]\nDescription=hostwatch test\n[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=default.target\n`;
const FAILER = `[Unit]\nDescription=hostwatch test\n[Service]\nType=oneshot\nExecStart=/bin/false\n`;

test('the system manager: every service read, or one clear error and no series', async () => {
  const svc = createCollector(servicesCollector, { all: true, cache: '0s' });
  if (SYSTEMD_IS_INIT) {
    const text = await svc.scrape();
    assert.match(text, /^hostwatch_service_state\{name="[^"]+",state="running"\} 1$/m, 'some service runs');
    assert.match(text, /^hostwatch_service_start_mode\{name="[^"]+",start_mode="auto"\} 1$/m);
    return;
  }
  await assert.rejects(svc.scrape(), /sd_bus_open_system failed|systemd ListUnit/);
  await assert.rejects(svc.scrape(), /sd_bus_open_system failed|systemd ListUnit/);
  const text = await svc.exposition();
  assert.match(text, /# TYPE hostwatch_service_state gauge/, 'the families are registered');
  assert.doesNotMatch(text, /^hostwatch_service_\w+\{/m, 'no fake series without systemd');
});

// The failure is remembered for the cache period: a socket that appears after the first
// failed connection is not dialled again within the period (a listener counts the
// connections it accepts), while a collector without a cache dials it at once.
test('a failed connection is not retried within the cache period', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostwatch-services-'));
  const path = join(dir, 'manager');
  let accepted = 0;
  let listener: Server | undefined;
  try {
    const cached = createCollector(servicesCollector, { cache: '5m', systemd_address: `unix:path=${path}` });
    const first = await cached.scrape().then(
      () => assert.fail('no manager listens yet'),
      (error: unknown) => error,
    );
    assert.match(String(first), /failed: ENOENT/);

    listener = createServer((socket) => {
      accepted++;
      socket.destroy(); // no D-Bus here: the caller fails at once instead of waiting
    });
    await new Promise<void>((resolve) => listener?.listen(path, resolve));
    await assert.rejects(cached.scrape(), (e) => e === first, 'the remembered failure, not a new attempt');

    const uncached = createCollector(servicesCollector, {
      cache: '0s',
      systemd_address: `unix:path=${path}`,
    });
    await assert.rejects(uncached.scrape());
    // Connections are accepted in order: had the cached collector dialled, it would count too.
    assert.equal(accepted, 1, 'only the collector without a cache connected');
  } finally {
    await new Promise((resolve) => (listener ? listener.close(resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  }
});

describe(
  'a real systemd --user manager',
  { skip: needTools('unshare', '/lib/systemd/systemd', 'systemctl') },
  () => {
    let manager: UserManager | undefined;
    let skipReason: string | undefined;

    before(async () => {
      const started = await startUserManager();
      if (typeof started === 'string') skipReason = cannotRun(started);
      else manager = started;
    });
    after(async () => {
      await manager?.stop();
    });

    test('start modes and states follow enable, start, stop, mask, failure and deletion', async (t) => {
      if (!manager) return t.skip(skipReason);
      const m = manager;
      m.writeUnit('hw-sleeper.service', SLEEPER);
      m.writeUnit('hw-static.service', FAILER);
      const svc = createCollector(servicesCollector, {
        include: 'hw-.*',
        cache: '0s',
        systemd_address: m.address,
        policy: { 'hw-sleeper': { start_mode: 'auto', state: 'running' }, 'hw-gone': 'manual' },
      });
      const mode = (text: string, name: string, start: string) =>
        sampleValue(text, `hostwatch_service_start_mode{name="${name}",start_mode="${start}"}`);
      const state = (text: string, name: string, s: string) =>
        sampleValue(text, `hostwatch_service_state{name="${name}",state="${s}"}`);
      const compliant = (text: string, reason: string) =>
        sampleValue(
          text,
          `hostwatch_service_policy_compliant{name="hw-sleeper",expected="auto,running",reason="${reason}"}`,
        );

      let text = await svc.scrape();
      assert.equal(mode(text, 'hw-sleeper', 'manual'), 1, 'disabled unit file -> manual');
      assert.equal(mode(text, 'hw-static', 'manual'), 1, 'static unit file -> manual');
      assert.equal(state(text, 'hw-sleeper', 'stopped'), 1);
      assert.equal(compliant(text, 'start_mode_and_state'), 0);
      assert.equal(
        sampleValue(
          text,
          'hostwatch_service_policy_compliant{name="hw-gone",expected="manual",reason="missing"}',
        ),
        0,
      );
      assert.equal(
        sampleValue(text, 'hostwatch_service_delayed_start{name="hw-sleeper"}'),
        undefined,
        'no Linux equivalent: absent',
      );

      m.systemctl('enable', 'hw-sleeper.service');
      m.systemctl('start', 'hw-sleeper.service');
      text = await svc.scrape();
      assert.equal(mode(text, 'hw-sleeper', 'auto'), 1, 'enabled -> auto');
      assert.equal(state(text, 'hw-sleeper', 'running'), 1);
      assert.equal(compliant(text, 'compliant'), 1);

      m.systemctl('stop', 'hw-sleeper.service');
      m.systemctl('disable', 'hw-sleeper.service');
      m.systemctl('mask', 'hw-sleeper.service');
      assert.throws(() => m.systemctl('start', 'hw-static.service'));
      text = await svc.scrape();
      assert.equal(mode(text, 'hw-sleeper', 'disabled'), 1, 'masked -> disabled');
      assert.equal(state(text, 'hw-sleeper', 'stopped'), 1);
      assert.equal(state(text, 'hw-static', 'failed'), 1);
      assert.equal(compliant(text, 'start_mode_and_state'), 0);

      m.systemctl('unmask', 'hw-sleeper.service');
      m.systemctl('reset-failed');
      m.removeUnit('hw-static.service');
      text = await svc.scrape();
      assert.doesNotMatch(text, /name="hw-static"/, 'a deleted unit disappears');
      assert.equal(mode(text, 'hw-sleeper', 'manual'), 1);
    });
  },
);
