// Parsing of what the OS hands over: adjtimex's struct timex, sysfs clocksource files,
// process names, registry strings, timerfd reads. Pure: fixtures drive it on every OS.

/** adjtimex return values (<sys/timex.h>). */
export const TIME_ERROR = 5;
export const STA_UNSYNC = 0x0040;
export const STA_NANO = 0x2000;

/** Byte offsets in struct timex on LP64 Linux; the tests check them against koffi. */
export const TIMEX_OFFSETS = {
  modes: 0,
  offset: 8,
  freq: 16,
  maxerror: 24,
  esterror: 32,
  status: 40,
  tick: 88,
} as const;

export interface Timex {
  readonly clockState: number;
  readonly status: number;
  /** Remaining phase correction the kernel PLL/FLL applies, seconds, signed. */
  readonly offsetSeconds: number;
  /** Wall seconds per true second: 1 + tick deviation + freq. */
  readonly frequencyRatio: number;
  readonly maxErrorSeconds: number;
  readonly estimatedErrorSeconds: number;
  /** True when the kernel applies any phase or frequency correction. */
  readonly adjusting: boolean;
}

/**
 * Decodes a struct timex filled by adjtimex(modes = 0). offset is in ns when STA_NANO
 * is set, else in us; freq is ppm scaled by 2^16; maxerror and esterror are in us; tick
 * is us per 1/userHz s (10000 nominal at USER_HZ 100), and chrony moves it for large
 * corrections, so it is part of the frequency ratio.
 */
export function parseTimex(buf: Buffer, clockState: number, userHz = 100): Timex {
  const long = (at: number) => Number(buf.readBigInt64LE(at));
  const status = buf.readInt32LE(TIMEX_OFFSETS.status);
  const offset = long(TIMEX_OFFSETS.offset);
  const freq = long(TIMEX_OFFSETS.freq);
  const tick = long(TIMEX_OFFSETS.tick);
  const nominalTick = 1e6 / userHz;
  return {
    clockState,
    status,
    offsetSeconds: offset / ((status & STA_NANO) !== 0 ? 1e9 : 1e6),
    frequencyRatio: 1 + (tick - nominalTick) / nominalTick + freq / 65536 / 1e6,
    maxErrorSeconds: long(TIMEX_OFFSETS.maxerror) / 1e6,
    estimatedErrorSeconds: long(TIMEX_OFFSETS.esterror) / 1e6,
    adjusting: offset !== 0 || freq !== 0 || tick !== nominalTick,
  };
}

/** sysfs current_clocksource and available_clocksource (space-separated). */
export function parseClocksources(
  current: string,
  available: string,
): { current: string; available: string[] } | undefined {
  const now = current.trim();
  if (!now) return undefined;
  const all = available.split(/\s+/).filter(Boolean);
  return { current: now, available: all.includes(now) ? all : [now, ...all] };
}

/**
 * /proc/<pid>/comm names of time daemons, best first. comm is cut at 15 characters:
 * systemd-timesyncd shows as "systemd-timesyn".
 */
const DAEMONS: ReadonlyArray<readonly [comm: string, name: string]> = [
  ['chronyd', 'chronyd'],
  ['systemd-timesyn', 'systemd-timesyncd'],
  ['ntpd', 'ntpd'],
  ['openntpd', 'openntpd'],
  ['ptp4l', 'ptp4l'],
];

export function findTimeDaemon(comms: Iterable<string>): string | undefined {
  const seen = new Set([...comms].map((c) => c.trim()));
  return DAEMONS.find(([comm]) => seen.has(comm))?.[1];
}

/** A REG_SZ value as RegGetValueW returns it: UTF-16LE, NUL-terminated within size. */
export function decodeRegSz(buf: Buffer, size: number): string {
  const text = buf.subarray(0, Math.min(size, buf.length)).toString('utf16le');
  const nul = text.indexOf('\0');
  return nul >= 0 ? text.slice(0, nul) : text;
}

/** W32Time Type values, case-normalised; anything else is kept as written. */
const W32TIME_TYPES = ['NTP', 'NT5DS', 'AllSync', 'NoSync'];

export function normalizeW32TimeType(raw: string): string {
  const trimmed = raw.trim();
  return W32TIME_TYPES.find((t) => t.toLowerCase() === trimmed.toLowerCase()) ?? trimmed;
}

/**
 * NtpServer is a space-separated list of "host,0xFLAGS" entries; the label keeps the
 * hosts, in order, without the flags ("time.windows.com,0x9" -> "time.windows.com").
 */
export function parseNtpServers(raw: string): string[] {
  return raw
    .split(/\s+/)
    .filter(Boolean)
    .map((entry) => entry.split(',')[0] ?? '')
    .filter(Boolean);
}

export type TimerfdOutcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'expired'; readonly expirations: bigint }
  | { readonly kind: 'clock_set' }
  | { readonly kind: 'error'; readonly errno: number };

/**
 * What one non-blocking read() of a CANCEL_ON_SET timerfd means: -1/EAGAIN nothing
 * happened; -1/ECANCELED the realtime clock was set (the fd must be re-armed); 8 bytes
 * the timer expired (only in tests: production arms it far in the future).
 */
export function interpretTimerfdRead(result: number, errno: number, buf: Buffer): TimerfdOutcome {
  if (result === 8) return { kind: 'expired', expirations: buf.readBigUInt64LE(0) };
  if (result === -1 && errno === 11) return { kind: 'idle' };
  if (result === -1 && errno === 125) return { kind: 'clock_set' };
  return { kind: 'error', errno: result === -1 ? errno : -1 };
}

/**
 * The size of a clock set from (wall - monotonic) read before (at the previous poll)
 * and after. The change also holds the slew since the previous poll, at most 500 ppm of
 * the poll interval (0.5 ms at 1 s): the sign of a smaller set is not reliable.
 */
export function stepFromOffsets(beforeNs: bigint, afterNs: bigint): number {
  return Number(afterNs - beforeNs) / 1e9;
}

/** SERVICE_STATUS.dwCurrentState: SERVICE_RUNNING. */
export const SERVICE_RUNNING = 4;

/** dwCurrentState from a SERVICE_STATUS (dwServiceType, dwCurrentState, ...). */
export function serviceStateOf(status: Buffer): number {
  return status.readUInt32LE(4);
}

/**
 * GetSystemTimeAdjustment(Precise): every increment the system adds `adjustment`
 * instead of `increment` while adjustment is enabled; disabled means the nominal rate.
 */
export function adjustmentRatio(
  adjustment: number,
  increment: number,
  disabled: boolean,
): { ratio: number; active: boolean } | undefined {
  if (disabled) return { ratio: 1, active: false };
  if (!(increment > 0) || !(adjustment > 0)) return undefined;
  return { ratio: adjustment / increment, active: true };
}

/** PDH_FMT_COUNTERVALUE: CStatus at 0, the double at 8; a status other than 0 is no value. */
export function pdhDouble(value: Buffer): number | undefined {
  const cstatus = value.readUInt32LE(0);
  return cstatus === 0 ? value.readDoubleLE(8) : undefined;
}
