// What the exporter's Windows service is: its name, how the SCM starts and restarts it,
// and where it logs. Pure.
import { win32 } from 'node:path';
import { storageCandidates } from '../config/storage';
import type { LogFile } from '../log-file';
import { joinCommandLine, serviceFlags, splitCommandLine } from './command-line';
import type { ServiceDefinition } from './scm';

export const SERVICE_NAME = 'hostwatch-exporter';
export const LOG_FILE_NAME = 'hostwatch-exporter.log';

/** Restart 5 s after the first and second failure, then after 60 s; count anew after a day. */
const RESTARTS = [{ delayMs: 5_000 }, { delayMs: 5_000 }, { delayMs: 60_000 }];
const RESET_PERIOD_SECONDS = 86_400;

export interface InstallInputs {
  /** node.exe, as process.execPath gives it. */
  readonly nodeExe: string;
  /** dist/src/main.js, absolute. */
  readonly script: string;
  /** The flags given to `service install`, as given. */
  readonly flagArgv: readonly string[];
  /** Where relative paths among them are relative to. */
  readonly cwd: string;
  readonly listenAddress: string;
}

export function serviceDefinition(inputs: InstallInputs): ServiceDefinition {
  const flags = serviceFlags(inputs.flagArgv, (path) => win32.resolve(inputs.cwd, path));
  return {
    name: SERVICE_NAME,
    displayName: SERVICE_NAME,
    description: `Prometheus exporter for wall vs monotonic clock, time sync, listen latency, service start modes, CPU groups and timers; serves /metrics on ${inputs.listenAddress}.`,
    commandLine: joinCommandLine([inputs.nodeExe, inputs.script, 'service', 'run', ...flags]),
    restarts: RESTARTS,
    resetPeriodSeconds: RESET_PERIOD_SECONDS,
  };
}

/** The rotating log file of the service: 10 MiB, the newest 5 kept. */
export function serviceLogFile(storageDir: string): LogFile {
  return { path: win32.join(storageDir, LOG_FILE_NAME), maxBytes: 10 * 1024 * 1024, maxFiles: 5 };
}

/** The flags an installed service runs with, from its command line (after `service run`). */
export function installedFlags(commandLine: string): string[] | undefined {
  const argv = splitCommandLine(commandLine);
  const run = argv.findIndex((arg, i) => arg === 'service' && argv[i + 1] === 'run');
  return run < 0 ? undefined : argv.slice(run + 2);
}

/** Where the service logs, given its storage.path (empty: the default directory). */
export function logPathFor(storagePath: string, env: NodeJS.ProcessEnv): string {
  const dir = storagePath || (storageCandidates('windows', env, '')[0] as string);
  return serviceLogFile(dir).path;
}
