// The services collector in the built exporter: invalid patterns and policies are
// config errors (exit 2), and a systemd manager that cannot be reached gets
// collector_success 0, one log line over several scrapes, and no hostwatch_service_ series.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAIN, sampleValue, startExporter } from '../support/exporter';

function run(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args, '--config.check'], { encoding: 'utf8' });
}

test('an invalid include or exclude pattern is a config error naming the flag', () => {
  for (const flag of ['include', 'exclude']) {
    const r = run([`--collector.services.${flag}=W32Time|(`]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`collectors\\.services\\.${flag} \\(--collector\\.services\\.${flag}\\): "W32Time\\|\\("`),
    );
    assert.match(r.stderr, /accepted: a regular expression/);
  }
});

test('an invalid policy in the config file is a config error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostwatch-services-'));
  try {
    const file = join(dir, 'config.yml');
    writeFileSync(file, 'collectors:\n  services:\n    policy:\n      W32Time: automatic\n');
    const r = run([`--config.file=${file}`]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /collectors\.services\.policy\.W32Time.*"automatic".*accepted: a mapping of service name/,
    );
    writeFileSync(
      file,
      'collectors:\n  services:\n    policy:\n      W32Time: auto\n      chronyd: { start_mode: auto, state: running }\n',
    );
    assert.equal(run([`--config.file=${file}`]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Made to happen on every host, with or without systemd: a manager address where no
// manager listens is the same failure as a host without systemd (the connection fails
// before any call), and an explicit address has no fallback to try.
test('systemd unreachable: collector_success 0, one log line, no service series', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostwatch-services-'));
  const exporter = await startExporter([
    '--collector.services.cache=0s',
    `--collector.services.systemd-address=unix:path=${join(dir, 'no-manager-here')}`,
  ]);
  try {
    let text = '';
    for (let i = 0; i < 3; i++) text = await exporter.scrape();
    assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="services"}'), 0);
    assert.doesNotMatch(text, /^hostwatch_service_\w+\{/m);
    const lines = exporter.logs.filter((l) => l.includes('"collector":"services"'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', /sd_bus_start\(unix:path=.*no-manager-here\) failed: ENOENT/);
  } finally {
    await exporter.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
