// The release as users get it: `npm pack` makes a tarball of runtime files only; in an
// empty directory it installs and runs with `npx hostwatch-exporter`, serving /metrics
// with the version of package.json. Tarballs come from npm's local cache (`npm ci` put
// them there); without a lockfile npm also needs each package's registry metadata, which
// `npm ci` does not cache, so the install prefers the cache and fetches only that.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sampleValue, sleep } from '../support/exporter';
import { needTools } from '../support/tools';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const QUIET = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
const OFFLINE = { ...QUIET, npm_config_offline: 'true' };
const PREFER_CACHE = { ...QUIET, npm_config_prefer_offline: 'true' };

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/** The .js files tsc makes from src/ (minus the dev tools in src/tools), as package paths. */
function runtimeFiles(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('tools/'))
    .map((f) => `dist/src/${f.replace(/\.ts$/, '.js')}`);
}

describe(
  'npm pack, then npx hostwatch-exporter in an empty directory',
  { skip: needTools('npm', 'npx') },
  () => {
    let work: string;
    let packed: Packed;

    before(() => {
      work = mkdtempSync(join(tmpdir(), 'hostwatch-pack-'));
      // --ignore-scripts: `npm test` built dist/ already (prepack would build it again).
      const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
        cwd: ROOT,
        encoding: 'utf8',
        env: OFFLINE,
      });
      assert.equal(pack.status, 0, pack.stderr);
      packed = (JSON.parse(pack.stdout) as Packed[])[0] as Packed;
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    test('the tarball holds package.json, the README and the compiled runtime: no tests, bench, maps or tools', (t) => {
      assert.equal(packed.filename, `${pkg.name}-${pkg.version}.tgz`);
      const files = packed.files.map((f) => f.path).sort();
      assert.deepEqual(files, ['README.md', 'package.json', ...runtimeFiles()].sort());
      t.diagnostic(
        `${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${files.length} files`,
      );
    });

    test('it installs into an empty directory and npx runs it: --version, then /metrics', async () => {
      const dir = join(work, 'empty');
      mkdirSync(dir);
      const install = spawnSync('npm', ['install', '--no-audit', join(work, packed.filename)], {
        cwd: dir,
        encoding: 'utf8',
        env: PREFER_CACHE,
      });
      assert.equal(install.status, 0, `${install.stdout}${install.stderr}`);
      const version = spawnSync('npx', ['--offline', 'hostwatch-exporter', '--version'], {
        cwd: dir,
        encoding: 'utf8',
        env: OFFLINE,
      });
      assert.equal(version.status, 0, version.stderr);
      assert.match(
        version.stdout,
        new RegExp(`^hostwatch-exporter ${pkg.version.replace(/\./g, '\\.')} \\(linux/`),
      );

      // Its own process group, as in a terminal: npx runs the exporter through a shell,
      // and Ctrl+C or a SIGTERM to the group reaches all of them (npx does not pass a
      // signal on to its child: sent to npx alone, the exporter is orphaned).
      const args = ['--offline', 'hostwatch-exporter', '--web.listen-address=127.0.0.1:0'];
      const child = spawn('npx', [...args, `--storage.path=${join(work, 'state')}`], {
        cwd: dir,
        env: OFFLINE,
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      const group = child.pid as number;
      let log = '';
      child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        const port = await waitForPort(
          () => log,
          () => child.exitCode !== null,
        );
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        assert.match(
          text,
          new RegExp(`^hostwatch_build_info\\{version="${pkg.version}",platform="linux"`, 'm'),
        );
        assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="clock"}'), 1);
        for (const path of ['/', '/status/status.js', '/status/uPlot.iife.min.js']) {
          const status = (await fetch(`http://127.0.0.1:${port}${path}`)).status;
          assert.equal(status, 200, `${path}: the status page and its files`);
        }
        process.kill(-group, 'SIGTERM');
        await exited;
        await waitGroupGone(group);
        assert.match(log, /"msg":"shutting down","signal":"SIGTERM"/, 'the exporter stopped cleanly');
        await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), 'nothing is left listening');
      } finally {
        if (groupAlive(group)) process.kill(-group, 'SIGKILL');
      }
    });
  },
);

async function waitForPort(log: () => string, exited: () => boolean): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const m = /"msg":"listening".*"port":(\d+)/.exec(log());
    if (m) return Number(m[1]);
    if (exited()) throw new Error(`npx exited:\n${log()}`);
    await sleep(100);
  }
  throw new Error(`the exporter did not listen:\n${log()}`);
}

/** Whether any process of the group still runs. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGroupGone(pgid: number): Promise<void> {
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(100);
  assert.equal(groupAlive(pgid), false, 'every process npx started has exited');
}
