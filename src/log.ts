// Structured logs with winston: one JSON object or one logfmt line per event, on stderr
// (or, for the Windows service, in a rotating file: log-file.ts).
import winston from 'winston';
import { RotatingFileTransport, type LogFile } from './log-file';

export type Logger = winston.Logger;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'logfmt'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** key=value pairs; values with spaces, quotes or '=' are quoted. Pure. */
function logfmtLine(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${logfmtValue(v)}`)
    .join(' ');
}

function logfmtValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text;
}

const ordered = winston.format((info) => {
  const { level, message, timestamp, ...rest } = info;
  return Object.assign(info, { [Symbol.for('fields')]: { time: timestamp, level, msg: message, ...rest } });
});

const render = (format: LogFormat): winston.Logform.Format =>
  winston.format.printf((info) => {
    const fields = info[Symbol.for('fields') as unknown as string] as Record<string, unknown>;
    return format === 'json' ? JSON.stringify(fields) : logfmtLine(fields);
  });

/** Logs to stderr, or to a rotating file (a Windows service has no console to write to). */
export function createLogger(level: LogLevel, format: LogFormat, file?: LogFile): Logger {
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), ordered(), render(format)),
    transports: [
      file ? new RotatingFileTransport(file) : new winston.transports.Stream({ stream: process.stderr }),
    ],
  });
}

/**
 * Resolves once what the logger was given has reached stderr: winston hands entries on
 * asynchronously, and an exit through the OS (platform/exit.ts) would lose them.
 */
export async function flushLogs(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
}
