// Processes a bench starts, and what /proc says about them. Everything started here is
// registered and stopped by stopAll(), which run.ts calls on every exit path.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');
export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const CLK_TCK = 100; // USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux

const started = new Set<ChildProcess>();
const scratch = new Set<string>();

/**
 * A fresh --storage.path for each exporter the bench starts: the default (/var/lib or
 * ~/.cache) is shared with other exporters on the machine, whose persisted clock reading
 * would otherwise feed this one's restart-gap check. Removed by stop() / stopAll().
 */
function storageFlag(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostwatch-bench-'));
  scratch.add(dir);
  return `--storage.path=${dir}`;
}

function removeScratch(): void {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch.clear();
}

export interface Target {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
}

/** A port the kernel just handed out on loopback; free again when returned. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function launch(name: string, command: string, args: string[], url: string): Target {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
  started.add(child);
  child.stderr?.resume(); // drain logs; the bench does not read them
  child.once('exit', () => started.delete(child));
  child.once('error', (error) => process.stderr.write(`${name}: ${error.message}\n`));
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return { name, child, pid: child.pid, url };
}

/** The built exporter at default settings, on a loopback port. */
export async function startHostwatch(extraArgs: string[] = []): Promise<Target> {
  const port = await freePort();
  const args = [MAIN, `--web.listen-address=127.0.0.1:${port}`, storageFlag(), ...extraArgs];
  const target = launch('hostwatch-exporter', process.execPath, args, `http://127.0.0.1:${port}/metrics`);
  // /metrics first: a collector that samples only at scrape time (timesync) is not
  // ready until it has been scraped once.
  await waitFor(target.url, target);
  await waitFor(`http://127.0.0.1:${port}/readyz`, target);
  return target;
}

/** bench/variant-server.ts: the exporter with one change undone (bench/variant-names.ts). */
export async function startVariant(variant: string): Promise<Target> {
  const port = await freePort();
  const script = join(ROOT, 'dist', 'bench', 'variant-server.js');
  const url = `http://127.0.0.1:${port}/metrics`;
  const args = [script, variant, String(port), storageFlag()];
  const target = launch(`exporter ${variant}`, process.execPath, args, url);
  await waitFor(url, target);
  await waitFor(`http://127.0.0.1:${port}/readyz`, target);
  return target;
}

/** Debian's node_exporter with the collectors closest to ours (time, timex, cpu). */
export async function startNodeExporter(): Promise<Target> {
  const port = await freePort();
  const args = [
    '--collector.disable-defaults',
    '--collector.time',
    '--collector.timex',
    '--collector.cpu',
    `--web.listen-address=127.0.0.1:${port}`,
  ];
  const target = launch('node_exporter', NODE_EXPORTER, args, `http://127.0.0.1:${port}/metrics`);
  await waitFor(target.url, target);
  return target;
}

async function waitFor(url: string, target: Target, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (target.child.exitCode !== null) throw new Error(`${target.name} exited early`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${target.name} not ready at ${url} after ${timeoutMs} ms`);
}

export function stop(target: Target): Promise<void> {
  const { child } = target;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      if (started.size === 0) removeScratch();
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Kills whatever is still running; safe to call from a signal or exit handler. */
export function stopAll(): void {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  removeScratch();
}

/** utime + stime of the process and all its threads, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the ")" that closes the command name; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident memory in MB (10^6 bytes): all of it, anonymous (the process's own), file-backed. */
export interface MemorySplit {
  readonly rssMB: number;
  /** Heaps, stacks, malloc: what this process alone costs. */
  readonly anonMB: number;
  /** Mapped files: mostly the node binary's code, shared with every Node.js process. */
  readonly fileMB: number;
}

/** VmRSS, RssAnon and RssFile from /proc/<pid>/status (KiB there). */
export function memorySplit(pid: number): MemorySplit {
  return parseStatusMemory(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

export function parseStatusMemory(status: string): MemorySplit {
  const mb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!m) throw new Error(`no ${field} in /proc/<pid>/status`);
    return (Number(m[1]) * 1024) / 1e6;
  };
  return { rssMB: mb('VmRSS'), anonMB: mb('RssAnon'), fileMB: mb('RssFile') };
}

export function rssMB(pid: number): number {
  return memorySplit(pid).rssMB;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
