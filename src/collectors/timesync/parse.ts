// What the OS's answers mean: adjtimex's timex fields, process names, W32Time registry
// strings, timerfd reads, the time adjustment. Pure: fixtures
// drive it on every OS. The bytes themselves are decoded in src/platform.
import type { TimerfdRead } from '../../platform/linux/timerfd';
import type { RawTimex } from '../../platform/linux/timex';

/** adjtimex return values (<sys/timex.h>). */
export const TIME_ERROR = 5;
export const STA_UNSYNC = 0x0040;
const STA_NANO = 0x2000;

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
 * The meaning of adjtimex(modes = 0)'s fields. offset is in ns when STA_NANO is set, else
 * in us; freq is ppm scaled by 2^16; maxerror and esterror are in us; tick is us per
 * 1/userHz s (10000 nominal at USER_HZ 100), and chrony moves it for large corrections,
 * so it is part of the frequency ratio.
 */
export function parseTimex(t: RawTimex, userHz = 100): Timex {
  const nominalTick = 1e6 / userHz;
  return {
    clockState: t.state,
    status: t.status,
    offsetSeconds: t.offset / ((t.status & STA_NANO) !== 0 ? 1e9 : 1e6),
    frequencyRatio: 1 + (t.tick - nominalTick) / nominalTick + t.freq / 65536 / 1e6,
    maxErrorSeconds: t.maxerror / 1e6,
    estimatedErrorSeconds: t.esterror / 1e6,
    adjusting: t.offset !== 0 || t.freq !== 0 || t.tick !== nominalTick,
  };
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

const EAGAIN = 11;
const ECANCELED = 125;

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
export function interpretTimerfdRead(read: TimerfdRead): TimerfdOutcome {
  if (read.bytes === 8) return { kind: 'expired', expirations: read.expirations };
  if (read.bytes === -1 && read.errno === EAGAIN) return { kind: 'idle' };
  if (read.bytes === -1 && read.errno === ECANCELED) return { kind: 'clock_set' };
  return { kind: 'error', errno: read.bytes === -1 ? read.errno : -1 };
}

/**
 * The size of a clock set from (wall - monotonic) read before (at the previous poll)
 * and after. The change also holds the slew since the previous poll, at most 500 ppm of
 * the poll interval (0.5 ms at 1 s): the sign of a smaller set is not reliable.
 */
export function stepFromOffsets(beforeNs: bigint, afterNs: bigint): number {
  return Number(afterNs - beforeNs) / 1e9;
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
