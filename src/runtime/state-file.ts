// Small JSON state files in the storage directory, written atomically: the new content
// goes to a temporary file in the same directory, is flushed, and is renamed over the
// old one, so a crash or power loss leaves either the old or the new file, never half.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type StateRead =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly reason: string };

export class StateFile {
  readonly path: string;

  constructor(dir: string, name: string) {
    this.path = join(dir, name);
  }

  /** Never throws: a missing or corrupt file is a value the caller logs and replaces. */
  read(): StateRead {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'unreadable', reason: code ?? String(error) };
    }
    try {
      return { kind: 'ok', value: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'unreadable', reason: 'not valid JSON' };
    }
  }

  /** Write then rename. Throws on I/O errors; callers log them and carry on. */
  write(value: unknown): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, `${JSON.stringify(value)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, this.path);
    } catch (error) {
      unlinkSync(tmp);
      throw error;
    }
  }
}
