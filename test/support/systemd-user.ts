// A real systemd manager for tests on hosts where systemd is not PID 1 (containers, CI):
// `systemd --user` in a private mount namespace (unshare -m) where /run/systemd/system
// exists, so it agrees to start; its units, runtime and config directories are a
// throwaway directory, so nothing on the host changes. The collector talks to it on its
// private socket, the same D-Bus API (org.freedesktop.systemd1.Manager) the system
// manager serves. Returns undefined, with the reason, where unshare is not permitted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild, sleep } from './exporter';

export interface UserManager {
  /** unix:path=... of the manager's private socket. */
  readonly address: string;
  /** The throwaway directory holding the manager's runtime, config, data and state homes. */
  readonly root: string;
  /** systemctl --user with its exit status and output, for commands that may fail. */
  systemctlStatus(...args: string[]): { status: number | null; output: string };
  /** Writes a unit file into the manager's data directory and reloads. */
  writeUnit(unit: string, body: string): void;
  /** Writes a unit file without reloading (many at once, then one daemon-reload). */
  writeUnitQuiet(unit: string, body: string): void;
  removeUnit(unit: string): void;
  /** Runs systemctl --user against this manager; throws on failure. */
  systemctl(...args: string[]): string;
  stop(): Promise<void>;
}

export async function startUserManager(): Promise<UserManager | string> {
  const root = mkdtempSync(join(tmpdir(), 'hostwatch-systemd-'));
  const dirs = {
    run: join(root, 'run'),
    config: join(root, 'config'),
    data: join(root, 'data'),
    state: join(root, 'state'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const units = join(dirs.data, 'systemd', 'user');
  mkdirSync(units, { recursive: true });
  const env = {
    ...process.env,
    XDG_RUNTIME_DIR: dirs.run,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_STATE_HOME: dirs.state,
  };
  const script =
    'mkdir -p /run/systemd && mount -t tmpfs hostwatch-test /run/systemd && mkdir /run/systemd/system && exec /lib/systemd/systemd --user';
  const child: ChildProcess = spawn('unshare', ['-m', 'sh', '-c', script], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const socket = join(dirs.run, 'systemd', 'private');
  for (let i = 0; i < 100 && !existsSync(socket) && child.exitCode === null; i++) await sleep(100);
  if (!existsSync(socket)) {
    await stopChild(child, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
    return `systemd --user could not start in a mount namespace: ${stderr.trim() || 'no socket'}`;
  }
  const systemctl = (...args: string[]): string => {
    const r = spawnSync('systemctl', ['--user', '--no-pager', ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`systemctl --user ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    address: `unix:path=${socket}`,
    root,
    systemctlStatus: (...args) => {
      const r = spawnSync('systemctl', ['--user', '--no-pager', ...args], { env, encoding: 'utf8' });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    },
    writeUnit: (unit, body) => {
      writeFileSync(join(units, unit), body);
      systemctl('daemon-reload');
    },
    writeUnitQuiet: (unit, body) => writeFileSync(join(units, unit), body),
    removeUnit: (unit) => {
      rmSync(join(units, unit), { force: true });
      systemctl('daemon-reload');
    },
    systemctl,
    stop: async () => {
      await stopChild(child);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const SLEEPER = '[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=default.target\n';

/**
 * A manager with two services for a policy: `<prefix>-on` enabled and running,
 * `<prefix>-off` installed but not enabled; and the services config that exports just
 * them, expecting both to start automatically (so -off is out of policy).
 */
export async function startPolicyServices(
  prefix: string,
): Promise<{ manager: UserManager; config: string[] }> {
  const started = await startUserManager();
  if (typeof started === 'string') throw new Error(started);
  started.writeUnit(`${prefix}-on.service`, SLEEPER);
  started.writeUnit(`${prefix}-off.service`, SLEEPER);
  started.systemctl('enable', '--now', `${prefix}-on.service`);
  const config = [
    '  services:',
    `    systemd_address: '${started.address}'`,
    `    include: '${prefix}-.*'`,
    `    policy: { ${prefix}-on: { start_mode: auto, state: running }, ${prefix}-off: auto }`,
  ];
  return { manager: started, config };
}
