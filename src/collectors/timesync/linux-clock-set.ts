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
import {
  CLOCK_BOOTTIME,
  CLOCK_REALTIME,
  TFD_CLOEXEC,
  TFD_NONBLOCK,
  TFD_TIMER_ABSTIME,
  TFD_TIMER_CANCEL_ON_SET,
  libc,
} from '../../platform/linux/libc';
import { interpretTimerfdRead, stepFromOffsets, type TimerfdOutcome } from './parse';

/** Far enough ahead never to expire, small enough for every kernel's timespec checks. */
const FAR_FUTURE_SECONDS = 50 * 365 * 86400;

export class ClockSetWatcher {
  private fd = -1;
  private readonly ts = Buffer.alloc(16);
  private readonly readBuf = Buffer.alloc(8);
  private lastOffsetNs: bigint | undefined;

  /** Opens and arms the timerfd; throws with the errno when the kernel refuses. */
  open(expiresAtUnixNs?: bigint): void {
    const c = libc();
    this.fd = c.timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC) as number;
    if (this.fd < 0) throw new Error(`timerfd_create failed (errno ${c.errno()})`);
    this.arm(expiresAtUnixNs);
  }

  /** Arms (or re-arms after a cancellation) the timer at an absolute realtime. */
  arm(expiresAtUnixNs?: bigint): void {
    const c = libc();
    const at = expiresAtUnixNs ?? this.offsetNow().wallNs + BigInt(FAR_FUTURE_SECONDS) * 1_000_000_000n;
    const spec = Buffer.alloc(32); // itimerspec: it_interval (0, 0), it_value (sec, nsec)
    spec.writeBigInt64LE(at / 1_000_000_000n, 16);
    spec.writeBigInt64LE(at % 1_000_000_000n, 24);
    const flags = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET;
    if (c.timerfd_settime(this.fd, flags, spec, null) !== 0) {
      throw new Error(`timerfd_settime failed (errno ${c.errno()})`);
    }
    this.lastOffsetNs = this.offsetNow().offsetNs;
  }

  /**
   * One non-blocking read. Returns the signed size of a clock set seen since the last
   * poll, or undefined; re-arms after a set. Throws on an unexpected read error.
   */
  poll(): { outcome: TimerfdOutcome; stepSeconds: number | undefined } {
    const c = libc();
    const result = Number(c.read(this.fd, this.readBuf, 8));
    const outcome = interpretTimerfdRead(result, result === -1 ? c.errno() : 0, this.readBuf);
    const before = this.lastOffsetNs;
    const after = this.offsetNow().offsetNs;
    this.lastOffsetNs = after;
    if (outcome.kind === 'error') throw new Error(`timerfd read failed (errno ${outcome.errno})`);
    if (outcome.kind !== 'clock_set') return { outcome, stepSeconds: undefined };
    this.arm();
    return { outcome, stepSeconds: before === undefined ? 0 : stepFromOffsets(before, after) };
  }

  close(): void {
    if (this.fd >= 0) libc().close(this.fd);
    this.fd = -1;
  }

  /** (wall - monotonic) from a (monotonic, wall, monotonic) bracket, ns. */
  private offsetNow(): { wallNs: bigint; offsetNs: bigint } {
    const c = libc();
    const read = (clock: number) => {
      c.clock_gettime(clock, this.ts);
      return this.ts.readBigInt64LE(0) * 1_000_000_000n + this.ts.readBigInt64LE(8);
    };
    const monoBefore = read(CLOCK_BOOTTIME);
    const wallNs = read(CLOCK_REALTIME);
    const monoAfter = read(CLOCK_BOOTTIME);
    return { wallNs, offsetNs: wallNs - (monoBefore + (monoAfter - monoBefore) / 2n) };
  }
}
