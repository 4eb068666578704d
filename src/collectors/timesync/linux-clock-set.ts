// Kernel notification of clock changes: a timerfd on CLOCK_REALTIME armed with
// TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET. Whenever the realtime clock is set
// (settimeofday, clock_settime, adjtimex ADJ_SETOFFSET, a leap second step) the kernel
// cancels the timer and the next read() fails with ECANCELED. This sees steps of any
// size, including those below the clock sampler's threshold; slewing does not trigger it.
//
// Why polling and not a worker thread blocked in read(): the kernel latches the
// cancellation until the fd is read, so a non-blocking read every interval loses no
// set; it costs one syscall (a few us) per interval on the main thread and no thread
// to manage. The price: several sets within one interval count once, and the size is
// the change of (wall - monotonic) since the previous poll, so it carries up to 500 ppm
// of the interval of slew. The poll also re-reads (wall - monotonic), which a blocked
// worker could not do without waking up anyway.
import { CLOCK_BOOTTIME, CLOCK_REALTIME, clockNs } from '../../platform/linux/clock';
import {
  closeFd,
  TFD_CLOEXEC,
  TFD_NONBLOCK,
  TFD_TIMER_CANCEL_ON_SET,
  timerfdCreate,
  timerfdRead,
  timerfdSetAbsolute,
} from '../../platform/linux/timerfd';
import { interpretTimerfdRead, stepFromOffsets, type TimerfdOutcome } from './parse';

/** Far enough ahead never to expire, small enough for every kernel's timespec checks. */
const FAR_FUTURE_SECONDS = 50 * 365 * 86400;

export class ClockSetWatcher {
  private fd = -1;
  private lastOffsetNs: bigint | undefined;

  /** Opens and arms the timerfd; throws with the errno when the kernel refuses. */
  open(expiresAtUnixNs?: bigint): void {
    this.fd = timerfdCreate(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    this.arm(expiresAtUnixNs);
  }

  /** Arms (or re-arms after a cancellation) the timer at an absolute realtime. */
  arm(expiresAtUnixNs?: bigint): void {
    const at = expiresAtUnixNs ?? this.offsetNow().wallNs + BigInt(FAR_FUTURE_SECONDS) * 1_000_000_000n;
    timerfdSetAbsolute(this.fd, TFD_TIMER_CANCEL_ON_SET, at);
    this.lastOffsetNs = this.offsetNow().offsetNs;
  }

  /**
   * One non-blocking read. Returns the signed size of a clock set seen since the last
   * poll, or undefined; re-arms after a set. Throws on an unexpected read error.
   */
  poll(): { outcome: TimerfdOutcome; stepSeconds: number | undefined } {
    const outcome = interpretTimerfdRead(timerfdRead(this.fd));
    const before = this.lastOffsetNs;
    const after = this.offsetNow().offsetNs;
    this.lastOffsetNs = after;
    if (outcome.kind === 'error') throw new Error(`timerfd read failed (errno ${outcome.errno})`);
    if (outcome.kind !== 'clock_set') return { outcome, stepSeconds: undefined };
    this.arm();
    return { outcome, stepSeconds: before === undefined ? 0 : stepFromOffsets(before, after) };
  }

  close(): void {
    if (this.fd >= 0) closeFd(this.fd);
    this.fd = -1;
  }

  /** (wall - monotonic) from a (monotonic, wall, monotonic) bracket, ns. */
  private offsetNow(): { wallNs: bigint; offsetNs: bigint } {
    const monoBefore = clockNs(CLOCK_BOOTTIME);
    const wallNs = clockNs(CLOCK_REALTIME);
    const monoAfter = clockNs(CLOCK_BOOTTIME);
    return { wallNs, offsetNs: wallNs - (monoBefore + (monoAfter - monoBefore) / 2n) };
  }
}
