// Small JSON state files in the storage directory. Written atomically: the new content
// goes to a new temporary file in the same directory, owner-only from its creation (mode
// 0600 on Linux; a DACL naming the owner and SYSTEM only on Windows), is flushed, and is
// renamed over the old one, so a crash or power loss leaves either the old or the new
// file, never half. Read defensively: a file that is too large, not JSON, not a record
// the caller recognises, a symbolic link, or writable by others is never trusted: it is
// set aside as <name>.corrupt for a person to look at, and the caller starts afresh.
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { currentPlatform, type Platform } from '../platform';
import { restrictToOwner } from '../platform/windows/file-security';

/** Far above any state the exporter writes (a few hundred bytes); a larger file is not read. */
export const MAX_STATE_BYTES = 64 * 1024;

export type StateRead<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'missing' }
  /** It could not be read (permissions, I/O, not a regular file); it is left where it is. */
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** It was not trusted and was renamed to movedTo (undefined when even that failed). */
  | { readonly kind: 'set_aside'; readonly reason: string; readonly movedTo: string | undefined };

/** How a new state file is made owner-only, beyond the mode it is created with. */
const RESTRICT: Record<Platform, (path: string) => void> = {
  linux: () => undefined,
  windows: restrictToOwner,
};

export class StateFile {
  readonly path: string;

  constructor(
    dir: string,
    name: string,
    private readonly platform: Platform = currentPlatform() ?? 'linux',
  ) {
    this.path = join(dir, name);
  }

  /** Never throws. `parse` returns undefined for a value that is not a record it knows. */
  read<T>(parse: (value: unknown) => T | undefined): StateRead<T> {
    const text = this.readText();
    if (typeof text !== 'string') return text;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.setAside('not valid JSON');
    }
    const parsed = parse(value);
    return parsed === undefined
      ? this.setAside('not a record this exporter wrote')
      : { kind: 'ok', value: parsed };
  }

  /** Write then rename. Throws on I/O errors; callers log them and carry on. */
  write(value: unknown): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    rmSync(tmp, { force: true }); // left by a crash of a process with this pid
    // O_EXCL: a new file, never one (or a link) someone else put there; 0600 from the start.
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, `${JSON.stringify(value)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      RESTRICT[this.platform](tmp);
      renameSync(tmp, this.path);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  }

  private readText(): string | StateRead<never> {
    let fd: number;
    try {
      // O_NOFOLLOW (Linux): a symbolic link is refused, not followed to a file of its choosing.
      fd = openSync(this.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (code === 'ENOENT') return { kind: 'missing' };
      if (code === 'ELOOP') return this.setAside('a symbolic link');
      return { kind: 'unreadable', reason: code };
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { kind: 'unreadable', reason: 'not a regular file' };
      if (stat.size > MAX_STATE_BYTES) return this.setAside(`${stat.size} bytes, over ${MAX_STATE_BYTES}`);
      if (this.platform === 'linux' && (stat.mode & 0o022) !== 0) {
        return this.setAside(`writable by others (mode ${(stat.mode & 0o777).toString(8)})`);
      }
      return readFileSync(fd, 'utf8');
    } catch (error) {
      return { kind: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? String(error) };
    } finally {
      closeSync(fd);
    }
  }

  private setAside(reason: string): StateRead<never> {
    const movedTo = `${this.path}.corrupt`;
    try {
      renameSync(this.path, movedTo);
      return { kind: 'set_aside', reason, movedTo };
    } catch {
      return { kind: 'set_aside', reason, movedTo: undefined };
    }
  }
}

/** One log line's fields for a read that was not ok, for the callers' warnings. */
export function describeStateRead(read: StateRead<unknown>): Record<string, string> {
  if (read.kind === 'set_aside')
    return { reason: read.reason, set_aside_as: read.movedTo ?? '(could not move)' };
  if (read.kind === 'unreadable') return { reason: read.reason };
  return {};
}
