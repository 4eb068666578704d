// The exporter as a real Windows service under Wine's SCM: `service install`, `status`,
// `start`, a scrape from Linux, `stop`, the session ending (Wine's shutdown), a start at
// boot (auto start), and `uninstall`. The service process answers
// the SCM itself (src/service/dispatcher.ts); its log file shows each status it reported.
// Restart on failure is registered but Wine's SCM does not act on it (docs/windows.md).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sampleValue, sleep } from '../support/exporter';
import { freePort } from '../support/ports';
import { needTools } from '../support/tools';
import {
  clonePrefix,
  prepareWindowsRuntime,
  removePrefix,
  waitPrefixEmpty,
  type WindowsRuntime,
} from '../support/wine';
import {
  prefixProcesses,
  runWindowsCli,
  setServicesPipeTimeout,
  startSession,
  type Session,
} from '../support/wine-session';

const skip = needTools('wine');
/** Where the installer runs, as Windows sees it: Wine maps paths under drive_c to C:. */
const INSTALL_DIR = 'C:\\hostwatch test';
const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Polls `probe` until it returns a value, for up to `limitMs`. */
async function eventually<T>(probe: () => Promise<T | undefined>, limitMs: number, what: string): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(500);
  }
}

describe('the exporter as a Windows service under Wine', { skip }, () => {
  let runtime: WindowsRuntime;
  let prefix: string;
  let session: Session | undefined;
  let port: number;
  let installDir: string;
  const cli = (...args: string[]) => runWindowsCli(runtime, prefix, args, installDir);
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const log = () => readFileSync(join(installDir, 'state', 'hostwatch-exporter.log'), 'utf8');
  const logMessages = () =>
    log()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const reported = () =>
    logMessages()
      .filter((m) => m['msg'] === 'service status reported' || m['msg'] === 'service control received')
      .map((m) => String(m['state'] ?? m['control']));
  const serviceProcesses = () => prefixProcesses(prefix, 'service run');

  before(async () => {
    runtime = prepareWindowsRuntime();
    prefix = clonePrefix();
    setServicesPipeTimeout(prefix, 180_000);
    port = await freePort();
    // A directory with a space, and relative paths given to install: the service must get
    // them absolute and quoted (it starts in System32, and its command line is one string).
    installDir = join(prefix, 'drive_c', 'hostwatch test');
    mkdirSync(join(installDir, 'state'), { recursive: true });
    writeFileSync(
      join(installDir, 'config.yml'),
      `web:\n  listen_address: 127.0.0.1:${port}\ncollectors:\n  listen:\n    enabled: false\n`,
    );
    session = startSession(runtime, prefix);
  });
  after(async () => {
    await session?.end();
    if (prefix) removePrefix(prefix);
  });

  test('status before install: not installed, exit 4', async () => {
    const status = await cli('service', 'status');
    assert.equal(status.code, 4, status.output);
    assert.match(status.output, /service hostwatch-exporter: not installed/);
  });

  test('install registers an auto-start service with absolute, quoted paths', async () => {
    const install = await cli('service', 'install', '--config.file', 'config.yml', '--storage.path=state');
    assert.equal(install.code, 0, install.output);
    const dir = INSTALL_DIR;
    assert.ok(install.output.includes(`"--config.file=${dir}\\config.yml"`), install.output);
    assert.ok(install.output.includes(`"--storage.path=${dir}\\state"`), install.output);
    const again = await cli('service', 'install');
    assert.equal(again.code, 1, again.output);
    assert.match(again.output, /already installed/);
  });

  test('status of the installed service: stopped, auto, LocalSystem, its log file; exit 3', async () => {
    const status = await cli('service', 'status');
    assert.equal(status.code, 3, status.output);
    assert.match(status.output, /: stopped\n/);
    assert.match(status.output, /start: auto\n/);
    assert.match(status.output, /account: LocalSystem\n/);
    assert.ok(status.output.includes(`log: ${INSTALL_DIR}\\state\\hostwatch-exporter.log`), status.output);
  });

  test('start: the SCM starts node.exe, which reports RUNNING; /metrics answers from Linux', async () => {
    const start = await cli('service', 'start');
    assert.equal(start.code, 0, start.output);
    assert.match(start.output, /service hostwatch-exporter: running \(pid \d+\)/);
    const text = await (await fetch(url('/metrics'))).text();
    const info = /^hostwatch_build_info\{([^}]*)\} 1$/m.exec(text)?.[1] ?? '';
    assert.match(info, new RegExp(`version="${VERSION.replace(/\./g, '\\.')}"`));
    assert.match(info, /platform="windows"/);
    assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="clock"}'), 1);
    assert.equal(
      sampleValue(text, 'hostwatch_collector_success{collector="listen"}'),
      undefined,
      'config.yml disabled listen',
    );
    await eventually(
      async () => ((await fetch(url('/readyz'))).status === 200 ? true : undefined),
      60_000,
      '/readyz',
    );
    const status = await cli('service', 'status');
    assert.equal(status.code, 0, status.output);
    assert.deepEqual(reported(), ['START_PENDING', 'RUNNING']);
  });

  test('stop: SERVICE_CONTROL_STOP, STOP_PENDING, STOPPED; the process exits 0 and the port closes', async () => {
    const stop = await cli('service', 'stop');
    assert.equal(stop.code, 0, stop.output);
    assert.match(stop.output, /service hostwatch-exporter: stopped/);
    assert.deepEqual(reported(), [
      'START_PENDING',
      'RUNNING',
      'SERVICE_CONTROL_STOP',
      'STOP_PENDING',
      'STOPPED',
    ]);
    await eventually(
      async () => (serviceProcesses().length === 0 ? true : undefined),
      30_000,
      'the service process to exit',
    );
    const exit = logMessages().filter((m) => m['msg'] === 'service process exiting');
    assert.deepEqual(
      exit.map((m) => m['exit_code']),
      [0],
    );
    await assert.rejects(fetch(url('/metrics')));
    const status = await cli('service', 'status');
    assert.equal(status.code, 3, status.output);
  });

  // Wine 8 does not deliver SERVICE_CONTROL_SHUTDOWN reliably: when the session ends it
  // signals every system process at once, and services.exe exits within a second. Seen
  // with WINEDEBUG=+service: mostly the service's dispatcher cannot query its own status
  // any more and exits without calling the handler; sometimes the handler runs but
  // SetServiceStatus(STOP_PENDING) has no SCM left to answer it. Neither says anything
  // about the service, so the SHUTDOWN branch is tested against a scripted SCM
  // (test/unit/service-dispatcher.test.ts) and here only what Wine guarantees is checked:
  // the service ends with the session, leaving no process.
  test('session end: the prefix shuts down with the service, leaving no process', async (t) => {
    const start = await cli('service', 'start');
    assert.equal(start.code, 0, start.output);
    const before = reported().length;
    await session?.end();
    session = undefined;
    const left = await waitPrefixEmpty(prefix, 60_000);
    assert.deepEqual(left, [], 'every process of the prefix ended with the session');
    const seen = reported().slice(before);
    t.diagnostic(`the service reported after the session ended: ${seen.join(', ') || 'nothing'}`);
  });

  test('boot: the next session boots the prefix and the SCM starts the service on its own', async () => {
    const before = reported().length;
    session = startSession(runtime, prefix);
    const text = await eventually(
      async () => (await fetch(url('/metrics'))).text(),
      180_000,
      'the auto-started service',
    );
    assert.match(text, /^hostwatch_build_info\{/m);
    assert.deepEqual(reported().slice(before), ['START_PENDING', 'RUNNING']);
  });

  test('uninstall stops and removes it; status then says not installed', async () => {
    const uninstall = await cli('service', 'uninstall');
    assert.equal(uninstall.code, 0, uninstall.output);
    assert.match(uninstall.output, /service hostwatch-exporter: removed/);
    assert.deepEqual(reported().slice(-3), ['SERVICE_CONTROL_STOP', 'STOP_PENDING', 'STOPPED']);
    await assert.rejects(fetch(url('/metrics')));
    const status = await cli('service', 'status');
    assert.equal(status.code, 4, status.output);
    assert.ok(
      existsSync(join(installDir, 'state', 'hostwatch-exporter.log')),
      'the log stays after uninstall',
    );
  });
});
