// The Dockerfile without a Docker engine (none runs on these machines; docs/deploy.md says
// how to build the images): its stages and users read statically, every COPY source in
// the build context that .dockerignore sends, then its two build stages run for real in a
// throwaway directory (npm from the local cache), and what the Linux and Windows images
// would hold started: the Linux entrypoint with this machine's Node, the Windows payload
// in node.exe under Wine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dockerignore, parseCopy, parseDockerfile, type Stage } from '../support/dockerfile';
import { sampleValue, startExporter } from '../support/exporter';
import { needTools } from '../support/tools';
import { clonePrefix, prepareWindowsRuntime, removePrefix, startWindowsExporter } from '../support/wine';

const ROOT = join(__dirname, '..', '..', '..');
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const ignored = dockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const args = (s: Stage, keyword: string) =>
  s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** Files of the repository that .dockerignore sends to the builder (skipping what git ignores wholesale). */
function contextFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (['.git', 'node_modules', '.cache', 'dist'].includes(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (!ignored(path)) out.push(path);
    }
  };
  walk('');
  return out.sort();
}

test('stages: one build, a Windows hostProcess image and a non-root Linux image (the default target)', () => {
  assert.deepEqual(
    stages.map((s) => s.name),
    ['build', 'windows-payload', 'windows', 'linux'],
  );
  assert.equal(stage('build').base, 'node:22-slim');
  assert.equal(stage('linux').base, 'node:22-slim');
  assert.match(
    stage('windows').base,
    /^mcr\.microsoft\.com\/oss\/kubernetes\/windows-host-process-containers-base-image:v\d/,
  );
  const [user] = args(stage('linux'), 'USER');
  assert.match(user ?? '', /^[1-9]\d*:[1-9]\d*$/, 'a numeric non-root user, so runAsNonRoot can check it');
  assert.deepEqual(JSON.parse(args(stage('linux'), 'ENTRYPOINT')[0] ?? ''), [
    'node',
    '/opt/hostwatch-exporter/dist/src/main.js',
  ]);
  for (const name of ['build', 'windows-payload']) {
    for (const run of args(stage(name), 'RUN'))
      assert.doesNotMatch(run, /(^|\s)\/\w/, `relative paths only: ${run}`);
  }
});

test('the build context: every COPY source is sent, and nothing else of size', () => {
  const sent = contextFiles();
  for (const s of stages) {
    for (const copy of args(s, 'COPY').map(parseCopy)) {
      if (copy.from) continue;
      for (const source of copy.sources) {
        assert.ok(existsSync(join(ROOT, source)), `COPY ${source}: exists`);
        assert.ok(
          sent.some((f) => f === source || f.startsWith(`${source}/`)),
          `COPY ${source}: .dockerignore sends it`,
        );
      }
    }
  }
  assert.deepEqual(
    sent.filter((f) => /^(test|bench|docs|helm|alerts)\//.test(f)),
    [],
    'no tests, benchmarks, docs or chart in the context',
  );
});

describe('the build stages, run without Docker', { skip: needTools('npm', 'tar') }, () => {
  let work: string;
  /** The image file system of each stage: <work>/<stage>/... */
  const fsOf = (name: string) => join(work, name);
  const packageIn = (name: string) => join(fsOf(name), 'app', 'out', 'package');

  /** Runs a build stage's WORKDIR, COPY and RUN instructions in its own directory; returns its WORKDIR. */
  function runStage(s: Stage, context: string, workdir = '/'): string {
    let cwd = join(fsOf(s.name), workdir);
    mkdirSync(cwd, { recursive: true });
    for (const { keyword, args: a } of s.instructions) {
      if (keyword === 'WORKDIR') mkdirSync((cwd = join(fsOf(s.name), (workdir = a))), { recursive: true });
      else if (keyword === 'COPY') {
        // Docker: a directory's contents go to the destination; a file goes into it when it
        // ends in "/" (or there are several sources), else becomes it.
        const copy = parseCopy(a);
        const intoDir = copy.dest.endsWith('/') || copy.sources.length > 1;
        for (const source of copy.sources) {
          const from = join(context, source);
          const to =
            statSync(from).isDirectory() || !intoDir
              ? join(cwd, copy.dest)
              : join(cwd, copy.dest, basename(source));
          cpSync(from, to, { recursive: true });
        }
      } else if (keyword === 'RUN') {
        const r = spawnSync('sh', ['-ec', a], {
          cwd,
          encoding: 'utf8',
          env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
        });
        assert.equal(r.status, 0, `RUN ${a}\n${r.stdout}${r.stderr}`);
      } else if (keyword !== 'ENV' && keyword !== 'ARG') throw new Error(`a build stage uses ${keyword}`);
    }
    return workdir;
  }

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'hostwatch-docker-'));
    const context = join(work, 'context');
    for (const file of contextFiles()) {
      mkdirSync(dirname(join(context, file)), { recursive: true });
      cpSync(join(ROOT, file), join(context, file));
    }
    const workdir = runStage(stage('build'), context);
    // FROM build AS windows-payload: the build stage's file system and WORKDIR, then its own steps.
    assert.equal(stage('windows-payload').base, 'build');
    const copied = spawnSync('cp', ['-a', fsOf('build'), fsOf('windows-payload')]);
    assert.equal(copied.status, 0, String(copied.stderr));
    runStage(stage('windows-payload'), context, workdir);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the Linux image holds the npm package and its production dependencies, nothing else', () => {
    const copy = args(stage('linux'), 'COPY').map(parseCopy)[0];
    assert.deepEqual(copy?.sources, ['/app/out/package/']);
    const dir = packageIn('build');
    for (const path of [
      'package.json',
      'README.md',
      'dist/src/main.js',
      'dist/src/service/dispatcher.js',
      'dist/src/server/status/client/status.js',
    ]) {
      assert.ok(existsSync(join(dir, path)), path);
    }
    for (const dep of Object.keys(pkg.dependencies))
      assert.ok(existsSync(join(dir, 'node_modules', dep)), dep);
    for (const dev of Object.keys(pkg.devDependencies))
      assert.ok(!existsSync(join(dir, 'node_modules', dev)), `no ${dev}`);
    for (const absent of ['src', 'dist/test', 'dist/bench', 'dist/src/tools', 'package-lock.json']) {
      assert.ok(!existsSync(join(dir, absent)), `no ${absent}`);
    }
    const ls = spawnSync('npm', ['ls', '--omit=dev', '--all'], { cwd: dir, encoding: 'utf8' });
    assert.equal(ls.status, 0, `npm ls: every production dependency is there\n${ls.stdout}${ls.stderr}`);
  });

  test("the Linux image's entrypoint serves /metrics with the package's version", async () => {
    const storage = join(work, 'linux-state');
    const exporter = await startExporter(
      [`--storage.path=${storage}`],
      {},
      30_000,
      [],
      join(packageIn('build'), 'dist', 'src', 'main.js'),
    );
    try {
      const text = await exporter.scrape();
      assert.match(
        text,
        new RegExp(`^hostwatch_build_info\\{version="${pkg.version}",platform="linux"`, 'm'),
      );
      assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="clock"}'), 1);
      for (const path of ['/', '/status/status.js', '/status/uPlot.iife.min.js']) {
        assert.equal((await fetch(exporter.url(path))).status, 200, `${path}: the status page and its files`);
      }
    } finally {
      assert.equal(await exporter.stop(), 0);
    }
  });

  test("the Windows image holds node.exe and koffi's Windows binary instead of Linux's", () => {
    const copy = args(stage('windows'), 'COPY').map(parseCopy)[0];
    assert.deepEqual([copy?.from, copy?.sources], ['windows-payload', ['/app/out/package/']]);
    const dir = packageIn('windows-payload');
    assert.ok(statSync(join(dir, 'node.exe')).size > 20_000_000, 'node.exe');
    assert.ok(
      existsSync(join(dir, 'node_modules', '@koromix', 'koffi-win32-x64', 'win32_x64', 'koffi.node')),
    );
    assert.deepEqual(readdirSync(join(dir, 'node_modules', '@koromix')), ['koffi-win32-x64']);
    const entry = JSON.parse(args(stage('windows'), 'ENTRYPOINT')[0] ?? '') as string[];
    for (const path of entry) {
      const inImage = path
        .replace('%CONTAINER_SANDBOX_MOUNT_POINT%\\hostwatch-exporter\\', '')
        .replace(/\\/g, '/');
      assert.ok(existsSync(join(dir, inImage)), `ENTRYPOINT ${path}`);
    }
  });

  test(
    'the Windows payload runs: its node.exe serves /metrics under Wine',
    { skip: needTools('wine') },
    async () => {
      const dir = packageIn('windows-payload');
      prepareWindowsRuntime();
      const prefix = clonePrefix();
      try {
        const exporter = await startWindowsExporter(
          { nodeExe: join(dir, 'node.exe') },
          prefix,
          [],
          180_000,
          join(dir, 'dist', 'src', 'main.js'),
        );
        try {
          const text = await exporter.scrape();
          assert.match(
            text,
            new RegExp(`^hostwatch_build_info\\{version="${pkg.version}",platform="windows"`, 'm'),
          );
          assert.equal(
            sampleValue(text, 'hostwatch_collector_success{collector="clock"}'),
            1,
            exporter.log(),
          );
        } finally {
          await exporter.signal('SIGKILL');
        }
      } finally {
        removePrefix(prefix);
      }
    },
  );
});
