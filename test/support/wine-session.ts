// A Wine prefix used like a booted Windows machine, for the Windows service tests.
//
// Wine keeps a prefix "booted" (services.exe and the services it started) only while a
// user process runs in it: when the last one exits, wineserver sends the system
// processes SERVICE_CONTROL_SHUTDOWN and ends them, as Windows does at shutdown. So a
// session is one idle node.exe (the user "logged on"); ending it shuts the prefix down,
// and the next process that starts boots it again, auto-start services included.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from './exporter';
import { prefixPids, type WindowsRuntime } from './wine';

const ROOT = join(__dirname, '..', '..', '..');

/** The Windows path of a Linux path, through Wine's Z: drive. */
export const windowsPath = (linuxPath: string): string => `Z:${linuxPath.replace(/\//g, '\\')}`;

/**
 * How long the SCM waits for a started service process to connect, in ms. Wine's
 * services.exe reads it once at boot, as a REG_SZ only (Windows: a REG_DWORD, default
 * 30 s; Wine's default is 10 s, which node.exe misses on a loaded machine: 22-35 s
 * from process start to ServiceMain were seen). Written into the prefix's registry file
 * before anything in the prefix runs.
 */
export function setServicesPipeTimeout(prefix: string, ms: number): void {
  appendFileSync(
    join(prefix, 'system.reg'),
    `\n[System\\\\CurrentControlSet\\\\Control] 1796217858\n"ServicesPipeTimeout"="${ms}"\n`,
  );
}

export interface Session {
  readonly anchor: ChildProcess;
  /** Ends the session: the prefix shuts down (services get SERVICE_CONTROL_SHUTDOWN). */
  end(): Promise<void>;
}

/** Logs a user on: starts an idle node.exe, which boots the prefix if it is down. */
export function startSession(runtime: WindowsRuntime, prefix: string): Session {
  const anchor = spawn('wine', [runtime.nodeExe, '-e', 'setInterval(() => {}, 1 << 30)'], {
    env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' },
    stdio: 'ignore',
  });
  return { anchor, end: async () => void (await stopChild(anchor, 'SIGKILL')) };
}

export interface CliResult {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs `node.exe dist/src/main.js ARGS` in the prefix from `cwd` and waits for it. Its
 * output goes through a file: node.exe cannot write to a pipe under Wine.
 */
export async function runWindowsCli(
  runtime: WindowsRuntime,
  prefix: string,
  args: string[],
  cwd = ROOT,
): Promise<CliResult> {
  const outPath = join(prefix, `cli-${Date.now()}-${Math.random().toString(36).slice(2)}.out`);
  const out = openSync(outPath, 'w');
  const child = spawn('wine', [runtime.nodeExe, windowsPath(join(ROOT, 'dist', 'src', 'main.js')), ...args], {
    cwd,
    env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, output: readFileSync(outPath, 'utf8').replace(/\r/g, '') };
}

/** Linux pids of the prefix's processes whose command line contains `text`. */
export function prefixProcesses(prefix: string, text: string): number[] {
  return prefixPids(prefix).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(text);
    } catch {
      return false;
    }
  });
}
