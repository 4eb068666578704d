// Runs inside node.exe under Wine (or on Windows): `check` in-process against the real
// Windows backends, and its service-policy section against the prefix's own SCM.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCheck } from '../../src/check';
import { windowsServicesBackend } from '../../src/collectors/services/windows';
import { loadConfig } from '../../src/config/load';

const skip = process.platform !== 'win32' && 'runs in node.exe under Wine';
const dir = skip ? '' : mkdtempSync(join(tmpdir(), 'hostwatch-check-'));
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function check(argv: string[]): Promise<{ status: number; page: string }> {
  let page = '';
  const status = await runCheck(
    loadConfig(['check', ...argv], 'windows').config,
    'windows',
    (t) => (page += t),
  );
  return { status, page };
}

test('check: a full page, exit status following its attention lines', { skip }, async () => {
  const { status, page } = await check([]);
  assert.match(page, /check of .* \(windows\/x64\)/);
  assert.match(page, /^ {2}info +timer resolution [\d.]+ m?s \(finest /m);
  assert.match(page, /^ {2}(ok|ATTENTION) +1 ms sleep lateness over 50 sleeps/m);
  assert.match(page, /^ {2}(ok|info) +a process started without explicit affinity may use 1 of 1 group/m);
  const attention = page.split('\n').filter((l) => l.startsWith('  ATTENTION'));
  assert.equal(status, attention.length > 0 ? 1 : 0, page);
});

test('check: the service policy against the SCM', { skip }, async () => {
  // A service of the prefix, expected with the start mode the SCM reports: compliant.
  const backend = windowsServicesBackend({ drivers: false });
  const [known] = (await backend.collect(() => true)).filter((s) => s.startMode !== undefined);
  backend.close?.();
  assert.ok(known?.startMode, 'the prefix has a service with a readable start mode');
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `collectors:\n  services:\n    policy:\n      ${known.name}: ${known.startMode}\n      HostwatchNoSuchService: auto\n`,
  );
  const only = ['clock', 'timesync', 'timer', 'topology'].map((c) => `--no-collector.${c}`);
  const { status, page } = await check([`--config.file=${config}`, ...only]);
  assert.equal(status, 1, page);
  assert.match(
    page,
    new RegExp(`^ {2}ok +1 of 2 services comply with the policy \\(${escape(known.name)}\\)$`, 'm'),
  );
  assert.match(
    page,
    /^ {2}ATTENTION +service HostwatchNoSuchService should be auto: it does not exist on this host {2}-> docs\/runbooks\/HostwatchServicePolicyViolation\.md$/m,
  );
});
