// `service install|uninstall|start|stop|status`: one SCM operation each, waiting for the
// state it asked for, and one line per outcome. Exit status: 0 done, 1 the SCM refused
// or the service failed (the reason is printed); status: 0 running, 3 not running, 4
// not installed (systemctl's codes).
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../config/errors';
import { loadConfig, type LoadedConfig } from '../config/load';
import { OsError } from '../platform/errors';
import * as E from '../platform/windows/errors';
import { installedFlags, logPathFor, SERVICE_NAME, serviceDefinition } from './definition';
import { startTypeName } from './layout';
import * as scm from './scm';
import type { InstalledService } from './scm';
import { CONTROL, STATE, stateName } from './status';

const EXIT_FAILED = 1;
const EXIT_NOT_RUNNING = 3;
const EXIT_NOT_INSTALLED = 4;
/** Longest wait for a start or stop to settle; the service reports progress well within it. */
const SETTLE_LIMIT_MS = 120_000;
/** Deletion is immediate unless another program holds the service open (services.msc). */
const REMOVAL_LIMIT_MS = 10_000;
const POLL_MS = 250;

const say = (line: string): void => void process.stdout.write(`${line}\n`);

export function installService(loaded: LoadedConfig): Promise<number> {
  return guarded(async () => {
    const def = serviceDefinition({
      nodeExe: process.execPath,
      script: resolve(process.argv[1] ?? ''),
      flagArgv: loaded.flagArgv,
      cwd: process.cwd(),
      listenAddress: loaded.config.web.listen_address,
    });
    const warnings = scm.installService(def);
    say(`installed service ${SERVICE_NAME} (start: auto, account: LocalSystem, restart on failure)`);
    say(`  command: ${def.commandLine}`);
    for (const warning of warnings) say(`  warning: ${warning}`);
    say(`start it with: hostwatch-exporter service start`);
    return 0;
  });
}

export function uninstallService(): Promise<number> {
  return guarded(async () => {
    const failed = await moveTo(STATE.stopped, 'stop', () => scm.controlService(SERVICE_NAME, CONTROL.stop));
    if (failed !== undefined) return failed;
    scm.removeService(SERVICE_NAME);
    const gone = await settle([], REMOVAL_LIMIT_MS);
    say(`service ${SERVICE_NAME}: ${gone ? `marked for deletion (${stateOf(gone)})` : 'removed'}`);
    return 0;
  });
}

export function startService(): Promise<number> {
  return guarded(async () => {
    const failed = await moveTo(STATE.running, 'start', () => scm.startService(SERVICE_NAME));
    if (failed !== undefined) return failed;
    say(`service ${SERVICE_NAME}: ${stateOf(scm.queryService(SERVICE_NAME))}`);
    return 0;
  });
}

export function stopService(): Promise<number> {
  return guarded(async () => {
    const failed = await moveTo(STATE.stopped, 'stop', () => scm.controlService(SERVICE_NAME, CONTROL.stop));
    if (failed !== undefined) return failed;
    say(`service ${SERVICE_NAME}: stopped`);
    return 0;
  });
}

/**
 * Brings the installed service to `target` unless it is there already: `request`, then
 * wait until it settles. Returns an exit status when it is not installed or did not get there.
 */
async function moveTo(target: number, what: string, request: () => void): Promise<number | undefined> {
  const installed = scm.queryService(SERVICE_NAME);
  if (!installed) return notInstalled();
  if (installed.status.state === target) return undefined;
  request();
  const now = await settle([target, STATE.stopped]);
  return now?.status.state === target ? undefined : failedTo(what, now);
}

export function serviceStatus(): Promise<number> {
  return guarded(async () => {
    const installed = scm.queryService(SERVICE_NAME);
    if (!installed) {
      say(`service ${SERVICE_NAME}: not installed`);
      return EXIT_NOT_INSTALLED;
    }
    say(`service ${SERVICE_NAME}: ${stateOf(installed)}`);
    say(`  start: ${startTypeName(installed.config.startType)}`);
    say(`  account: ${installed.config.account}`);
    say(`  command: ${installed.config.commandLine}`);
    say(`  log: ${logPath(installed)}`);
    return installed.status.state === STATE.running ? 0 : EXIT_NOT_RUNNING;
  });
}

/** Polls until the service is in one of `states` (none: until it is gone), or the limit passes. */
async function settle(states: number[], limitMs = SETTLE_LIMIT_MS): Promise<InstalledService | undefined> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const now = scm.queryService(SERVICE_NAME);
    if (!now || states.includes(now.status.state) || performance.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function stateOf(installed: InstalledService | undefined): string {
  if (!installed) return 'not installed';
  const { state, processId } = installed.status;
  return state === STATE.running ? `running (pid ${processId})` : stateName(state).replace('_', ' ');
}

/** The log file the installed service writes, from the configuration it runs with. */
function logPath(installed: InstalledService): string {
  const flags = installedFlags(installed.config.commandLine);
  if (!flags) return `unknown: the command is not "... service run ..."`;
  try {
    return logPathFor(loadConfig(flags, 'windows').config.storage.path, process.env);
  } catch (error) {
    if (error instanceof ConfigError) return `unknown: its configuration is now invalid (${error.message})`;
    throw error;
  }
}

function failedTo(what: string, now: InstalledService | undefined): number {
  const detail = now
    ? `${stateOf(now)}, exit code ${now.status.win32ExitCode}, service-specific ${now.status.serviceSpecificExitCode}; see ${logPath(now)}`
    : 'it was removed meanwhile';
  process.stderr.write(`hostwatch-exporter: service ${SERVICE_NAME} did not ${what}: ${detail}\n`);
  return EXIT_FAILED;
}

function notInstalled(): number {
  process.stderr.write(
    `hostwatch-exporter: service ${SERVICE_NAME} is not installed; install it with: hostwatch-exporter service install [flags]\n`,
  );
  return EXIT_FAILED;
}

/** Runs an action; an SCM refusal (an OsError) becomes one line and exit status 1. */
async function guarded(action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof OsError)) throw error;
    process.stderr.write(`hostwatch-exporter: ${explain(error)}\n`);
    return EXIT_FAILED;
  }
}

function explain(error: OsError): string {
  const hints: Record<number, string> = {
    [E.ERROR_ACCESS_DENIED]: 'run it from an elevated prompt (Run as administrator)',
    [E.ERROR_SERVICE_EXISTS]: `service ${SERVICE_NAME} is already installed; uninstall it first`,
    [E.ERROR_SERVICE_MARKED_FOR_DELETE]: `service ${SERVICE_NAME} is being deleted: close services.msc and any other program holding it, then retry`,
    [E.ERROR_SERVICE_CANNOT_ACCEPT_CTRL]: 'the service is starting or stopping; retry when it has settled',
  };
  const hint = hints[error.osCode];
  return hint ? `${error.message}: ${hint}` : error.message;
}
