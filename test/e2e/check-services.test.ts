// `check`'s service-policy section against a real systemd manager (`systemd --user` in a
// private mount namespace, test/support/systemd-user.ts): one compliant service, one
// disabled against the policy, one the host does not have.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MAIN } from '../support/exporter';
import { startUserManager, type UserManager } from '../support/systemd-user';
import { cannotRun, needTools } from '../support/tools';

const SLEEPER = `[Unit]\nDescription=hostwatch check test\n[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=default.target\n`;
let manager: UserManager | undefined;
let skipReason: string | undefined;
const dir = mkdtempSync(join(tmpdir(), 'hostwatch-check-services-'));

before(async () => {
  if (needTools('unshare', '/lib/systemd/systemd', 'systemctl')) return;
  const started = await startUserManager();
  if (typeof started === 'string') skipReason = cannotRun(started);
  else manager = started;
});
after(async () => {
  await manager?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('non-compliant and missing services need attention, each on its own line', (t) => {
  if (!manager) return t.skip(skipReason ?? 'needs unshare and systemd');
  manager.writeUnit('hw-check-on.service', SLEEPER);
  manager.writeUnit('hw-check-off.service', SLEEPER);
  manager.systemctl('enable', '--now', 'hw-check-on.service');
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'collectors:',
      '  services:',
      `    systemd_address: '${manager.address}'`,
      '    policy:',
      '      hw-check-on: { start_mode: auto, state: running }',
      '      hw-check-off: auto',
      '      hw-check-absent: manual',
      '',
    ].join('\n'),
  );
  const only = ['clock', 'timesync', 'timer', 'topology'].map((c) => `--no-collector.${c}`);
  const run = spawnSync(process.execPath, [MAIN, 'check', `--config.file=${config}`, ...only], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const see = ' {2}-> docs\\/runbooks\\/HostwatchServicePolicyViolation\\.md$';
  assert.match(run.stdout, /^ {2}ok +1 of 3 services comply with the policy \(hw-check-on\)$/m);
  assert.match(
    run.stdout,
    new RegExp(`^ {2}ATTENTION +service hw-check-off should be auto: its start mode differs${see}`, 'm'),
  );
  assert.match(
    run.stdout,
    new RegExp(
      `^ {2}ATTENTION +service hw-check-absent should be manual: it does not exist on this host${see}`,
      'm',
    ),
  );
  return undefined;
});
