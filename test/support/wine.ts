// Runs the built exporter inside node.exe under Wine, from a Linux test. Each caller gets
// its own throwaway prefix (scripts/windows-prefix.sh), hence its own wineserver: it can
// check that termination leaves nothing behind without seeing anyone else's Wine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './exporter';

const ROOT = join(__dirname, '..', '..', '..');
const CACHE = process.env['HOSTWATCH_CACHE'] ?? join(ROOT, '.cache');
const PREFIX_SCRIPT = join(ROOT, 'scripts', 'windows-prefix.sh');

export interface WindowsRuntime {
  readonly nodeExe: string;
}

/** Runs scripts/windows-env.sh (fast once prepared) and returns where node.exe is. */
export function prepareWindowsRuntime(): WindowsRuntime {
  const env = spawnSync('bash', [join(ROOT, 'scripts', 'windows-env.sh')], { encoding: 'utf8' });
  if (env.status !== 0) throw new Error(`windows-env.sh failed:\n${env.stdout}${env.stderr}`);
  const vars = new Map<string, string>();
  for (const line of readFileSync(join(CACHE, 'windows.env'), 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) vars.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const nodeExe = vars.get('NODE_EXE');
  if (!nodeExe) throw new Error('windows.env names no NODE_EXE');
  return { nodeExe };
}

function prefixScript(...args: string[]): string {
  const result = spawnSync('bash', [PREFIX_SCRIPT, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`windows-prefix.sh ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

export const clonePrefix = (): string => prefixScript('clone').trim();
export const removePrefix = (prefix: string): void => void prefixScript('remove', prefix);

/** Linux pids of every process of the prefix: wineserver, services.exe, node.exe, ... */
export function prefixPids(prefix: string): number[] {
  return prefixScript('pids', prefix).split('\n').filter(Boolean).map(Number);
}

/** Waits (bounded) until the prefix has no process left; returns the survivors. */
export async function waitPrefixEmpty(prefix: string, timeoutMs = 30_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let pids = prefixPids(prefix);
  while (pids.length > 0 && Date.now() < deadline) {
    await sleep(250);
    pids = prefixPids(prefix);
  }
  return pids;
}

export interface WindowsExporter {
  readonly port: number;
  readonly child: ChildProcess;
  url(path: string): string;
  scrape(path?: string): Promise<string>;
  /** What node.exe wrote to stderr so far (the JSON log). */
  log(): string;
  /** Sends a Linux signal to the wine process and waits for it to exit. */
  signal(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts dist/src/main.js in node.exe on an ephemeral loopback port. Its stdout and
 * stderr are files in the prefix: node.exe cannot write to a pipe under Wine.
 */
export async function startWindowsExporter(
  runtime: WindowsRuntime,
  prefix: string,
  args: string[] = [],
  timeoutMs = 90_000,
  /** main.js to run, relative to the repository or absolute: the build's by default. */
  script: string = join('dist', 'src', 'main.js'),
): Promise<WindowsExporter> {
  const stamp = Date.now();
  const errPath = join(prefix, `exporter-${stamp}.err`);
  const out = openSync(join(prefix, `exporter-${stamp}.out`), 'w');
  const err = openSync(errPath, 'w');
  const child = spawn('wine', [runtime.nodeExe, script, '--web.listen-address=127.0.0.1:0', ...args], {
    cwd: ROOT,
    env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' },
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = () => readFileSync(errPath, 'utf8');
  const port = await waitForPort(log, () => child.exitCode !== null, timeoutMs);
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  return {
    port,
    child,
    url,
    log,
    scrape: async (path = '/metrics') => (await fetch(url(path))).text(),
    signal: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

async function waitForPort(log: () => string, exited: () => boolean, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /"msg":"listening".*"port":(\d+)/.exec(log());
    if (m) return Number(m[1]);
    if (exited()) throw new Error(`node.exe exited before listening:\n${log()}`);
    await sleep(200);
  }
  throw new Error(`node.exe did not listen within ${timeoutMs} ms:\n${log()}`);
}
