// Typed timerfd calls on Linux (timerfd_create(2)): create, arm at an absolute time,
// read without blocking, close.
import { errnoError } from '../errors';
import { errno, libc } from './libc';
import { TIMESPEC_SIZE, writeTimespecNs } from './timespec';

export const TFD_NONBLOCK = 0o4000;
export const TFD_CLOEXEC = 0o2000000;
const TFD_TIMER_ABSTIME = 1;
export const TFD_TIMER_CANCEL_ON_SET = 2;

/** timerfd_create; throws OsError (errno) when the kernel refuses. */
export function timerfdCreate(clockId: number, flags: number): number {
  const fd = Number(libc().timerfd_create(clockId, flags));
  if (fd < 0) throw errnoError('timerfd_create', errno());
  return fd;
}

/** timerfd_settime with a one-shot expiry (no interval) at `atNs` on the fd's clock. */
export function timerfdSetAbsolute(fd: number, flags: number, atNs: bigint): void {
  const spec = Buffer.alloc(2 * TIMESPEC_SIZE); // itimerspec: it_interval (0, 0), it_value
  writeTimespecNs(spec, atNs, TIMESPEC_SIZE);
  if (libc().timerfd_settime(fd, flags | TFD_TIMER_ABSTIME, spec, null) !== 0) {
    throw errnoError('timerfd_settime', errno());
  }
}

/** One read() of a timerfd: the byte count (-1 on error), errno, and the expirations read. */
export interface TimerfdRead {
  readonly bytes: number;
  readonly errno: number;
  readonly expirations: bigint;
}

const readBuf = Buffer.alloc(8);

export function timerfdRead(fd: number): TimerfdRead {
  const bytes = Number(libc().read(fd, readBuf, 8));
  return {
    bytes,
    errno: bytes === -1 ? errno() : 0,
    expirations: bytes === 8 ? readBuf.readBigUInt64LE(0) : 0n,
  };
}

export function closeFd(fd: number): void {
  libc().close(fd);
}
