// Starts the built exporter as a real child process on a free loopback port, and stops
// it. Every test that starts one stops it (after() hooks call stop()).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MAIN = join(__dirname, '..', '..', 'src', 'main.js');

export interface RunningExporter {
  readonly port: number;
  readonly child: ChildProcess;
  readonly logs: string[];
  url(path: string): string;
  scrape(path?: string): Promise<string>;
  stop(): Promise<number | null>;
}

export async function startExporter(
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 15_000,
  /** A command that execs the exporter (taskset -c 0, a helper that sets process state). */
  wrapper: string[] = [],
  /** The exporter's main.js: the build's by default, or another copy (an unpacked package). */
  main: string = MAIN,
): Promise<RunningExporter> {
  // Each exporter keeps its state in its own directory unless the test chooses one:
  // never in the machine's /var/lib, and never shared between tests.
  const ownStorage = args.some((a) => a.startsWith('--storage.path'))
    ? undefined
    : mkdtempSync(join(tmpdir(), 'hostwatch-storage-'));
  const storageArgs = ownStorage === undefined ? [] : [`--storage.path=${ownStorage}`];
  const [command, ...prefix] = [...wrapper, process.execPath];
  const child = spawn(
    command as string,
    [...prefix, main, '--web.listen-address=127.0.0.1:0', ...storageArgs, ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`exporter did not start:\n${logs.join('\n')}`)),
      timeoutMs,
    );
    let buffered = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        // JSON ("msg":"listening",..."port":1234) or logfmt (msg=listening ... port=1234).
        const m = /"?msg"?[:=]"?listening\b.*\bport"?[:=](\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exporter exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  return {
    port,
    child,
    logs,
    url,
    scrape: async (path = '/metrics') => (await fetch(url(path))).text(),
    stop: async () => {
      const code = await stopChild(child);
      if (ownStorage !== undefined) rmSync(ownStorage, { recursive: true, force: true });
      return code;
    },
  };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    child.kill(signal);
  });
}

/** Value of one sample in a text exposition, or undefined when the series is absent. */
export function sampleValue(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    if (line.slice(0, space) === series) return Number(line.slice(space + 1));
  }
  return undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
