// chronyd from Debian as an NTP server on a loopback port, started and stopped by the
// test that needs it. It must never discipline this machine's clock, so every layer says
// no: -x (chronyd never touches the clock), no server/pool lines, cmdport 0 and no Unix
// command socket, pid file in a private temp dir, setpriv dropping CAP_SYS_TIME from the
// bounding set (the kernel refuses a clock change even if chronyd tried), chronyd's own
// switch to the unprivileged _chrony user, and -t so a leaked process exits by itself.
// It runs under the name hostwatch-test-chronyd (a symlink): the timesync collector looks
// for a process called chronyd, and a test server must not look like the host's daemon.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ntpBackend } from '../../src/collectors/ntp';
import { probeRound } from '../../src/collectors/ntp/round';
import { stopChild } from './exporter';

export const CHRONYD = '/usr/sbin/chronyd';
/** setpriv (util-linux) drops the capability to set the clock before chronyd starts. */
export const SETPRIV = 'setpriv';
/** The most a test chronyd may live, whatever happens to the test. */
const LIFETIME_SECONDS = 300;

export interface ChronyServer {
  readonly port: number;
  readonly label: string;
  readonly pid: number;
  /** chronyd's log so far (it logs to stderr with -d). */
  log(): string;
  stop(): Promise<void>;
}

/** A UDP port that was free a moment ago on 127.0.0.1 (chronyd needs a number). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * local: serve as a synchronized stratum-8 server from the local clock (`local stratum
 * 8`); without it chronyd has no reference and answers leap 3, stratum 0.
 */
export async function startChrony(options: { local: boolean }): Promise<ChronyServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hostwatch-chrony-'));
  chmodSync(dir, 0o755);
  const port = await freeUdpPort();
  const conf = join(dir, 'chrony.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bindaddress 127.0.0.1',
      'allow 127.0.0.1',
      'cmdport 0',
      'bindcmdaddress /',
      `pidfile ${join(dir, 'chronyd.pid')}`,
      ...(options.local ? ['local stratum 8'] : []),
      '',
    ].join('\n'),
  );
  const binary = join(dir, 'hostwatch-test-chronyd');
  symlinkSync(CHRONYD, binary);
  const asRoot = process.getuid?.() === 0;
  const args = ['-x', '-d', '-t', String(LIFETIME_SECONDS), '-f', conf, ...(asRoot ? [] : ['-U'])];
  const child = spawn(SETPRIV, ['--bounding-set=-sys_time', binary, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForStart(child, () => output, port);
  return {
    port,
    label: `127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    log: () => output,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until chronyd answers on its port (any reply: it may say it is unsynchronized). */
async function waitForStart(child: ChildProcess, log: () => string, port: number): Promise<void> {
  const io = ntpBackend('linux');
  const server = { host: '127.0.0.1', port, label: `127.0.0.1:${port}` };
  const settings = { samples: 1, spacingSeconds: 0, replyTimeoutSeconds: 0.2 };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`chronyd exited with ${child.exitCode}:\n${log()}`);
    const round = await probeRound(server, settings, io, new AbortController().signal);
    if (round.best || round.failures.some((f) => f.reason !== 'timeout' && f.reason !== 'network')) return;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`chronyd did not answer on port ${port}:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
