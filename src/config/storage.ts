// Where the exporter keeps the little state it needs across restarts (the last
// (wall - monotonic) reading, the event-log bookmark). An empty --storage.path means
// "the default for this OS", resolved here at start so that --help, the catalog and
// the config schema stay the same on every machine.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from '../platform';

const APP = 'hostwatch-exporter';

/** The candidate directories, best first. Pure: it only looks at the environment given. */
export function storageCandidates(platform: Platform, env: NodeJS.ProcessEnv, home: string): string[] {
  if (platform === 'windows') {
    const programData = env['ProgramData'] ?? env['PROGRAMDATA'] ?? 'C:\\ProgramData';
    const local = env['LOCALAPPDATA'];
    return [join(programData, APP), ...(local ? [join(local, APP)] : [])];
  }
  const cache = env['XDG_CACHE_HOME'] || join(home, '.cache');
  return [join('/var/lib', APP), join(cache, APP)];
}

/**
 * The configured directory, or the first default candidate that can be created and
 * written; undefined when none can (the caller logs it and runs without state).
 */
export function resolveStorageDir(
  configured: string,
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const candidates = configured ? [configured] : storageCandidates(platform, env, homedir());
  return candidates.find(isWritableDir);
}

function isWritableDir(dir: string): boolean {
  try {
    // Owner-only: the state in it is the exporter's alone (a directory that exists keeps its mode).
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
