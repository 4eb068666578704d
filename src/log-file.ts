// A log file written synchronously and rotated by size, for the Windows service (which
// has no console). Synchronous on purpose: the SCM may end a service's process as soon
// as it reports SERVICE_STOPPED (Wine does at shutdown, two seconds after the session
// ends), and a line still queued in an asynchronous stream would be lost with it. A
// service logs a few lines a minute, so the cost on the event loop is nil.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import winston from 'winston';

/** A log file rotated by size: `path` is the newest, then path.1 ... path.(maxFiles - 1). */
export interface LogFile {
  readonly path: string;
  readonly maxBytes: number;
  readonly maxFiles: number;
}

const MESSAGE = Symbol.for('message');
/** winston's Transport base class (winston-transport), typed as the class it is at run time. */
const Transport = (winston as unknown as { Transport: typeof import('winston-transport') }).Transport;

export class RotatingFileTransport extends Transport {
  private size: number;

  constructor(private readonly file: LogFile) {
    super();
    mkdirSync(dirname(file.path), { recursive: true });
    this.size = sizeOf(file.path);
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    const line = `${String(info[MESSAGE])}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.file.maxBytes) this.rotate();
    appendFileSync(this.file.path, line);
    this.size += bytes;
    next();
  }

  /** path.(n-2) -> path.(n-1), ..., path -> path.1; the oldest falls off. */
  private rotate(): void {
    const { path, maxFiles } = this.file;
    rmSync(`${path}.${maxFiles - 1}`, { force: true });
    for (let i = maxFiles - 2; i >= 1; i--) renameIfPresent(`${path}.${i}`, `${path}.${i + 1}`);
    if (maxFiles > 1) renameIfPresent(path, `${path}.1`);
    else rmSync(path, { force: true });
    this.size = 0;
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
