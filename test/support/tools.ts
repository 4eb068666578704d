// Tests that need a tool (promtool, faketime, wine, ...) skip with a notice when it is
// missing, except under HOSTWATCH_REQUIRE_TOOLS=1 (CI), where a missing tool fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const REQUIRE_TOOLS = process.env['HOSTWATCH_REQUIRE_TOOLS'] === '1';

function hasCommand(command: string): boolean {
  if (command.startsWith('/')) return existsSync(command);
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Returns false when every tool is present, or the skip reason for node:test. Under
 * HOSTWATCH_REQUIRE_TOOLS=1 a missing tool throws, so the suite fails instead.
 */
export function needTools(...tools: string[]): string | false {
  const missing = tools.filter((t) => !hasCommand(t));
  if (missing.length === 0) return false;
  return cannotRun(`needs ${missing.join(', ')} (install: see .ci/run)`);
}

/** The same for something the host must have or allow (IPv6 loopback, a mount namespace). */
export function needHost(has: boolean, what: string): string | false {
  return has ? false : cannotRun(`needs ${what} on this host`);
}

/**
 * A test that cannot run here: the skip reason, with a notice, on a developer machine;
 * under HOSTWATCH_REQUIRE_TOOLS=1 (CI) it throws, so the test fails instead of passing
 * unseen.
 */
export function cannotRun(reason: string): string {
  if (REQUIRE_TOOLS) throw new Error(`required test condition missing: ${reason}`);
  process.stderr.write(`NOTICE: skipping: ${reason}\n`);
  return reason;
}

export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/**
 * Environment that preloads libfaketime into one process and lets a test move that
 * process's wall clock (only) by writing an offset ("+5s", "-300ms") into `offsetFile`.
 */
export function faketimeEnv(offsetFile: string): NodeJS.ProcessEnv {
  return {
    LD_PRELOAD: LIBFAKETIME,
    FAKETIME_TIMESTAMP_FILE: offsetFile,
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
}
