// koffi declarations for the C library on Linux. Loaded lazily, on first use.
//
// The library is resolved from the process's global symbol scope (koffi.load(null)),
// not by file name: that is the clock_gettime every other library in the process sees,
// and the one an LD_PRELOAD (libfaketime in our tests) interposes.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_BOOTTIME = 7;

export const TFD_NONBLOCK = 0o4000;
export const TFD_CLOEXEC = 0o2000000;
export const TFD_TIMER_ABSTIME = 1;
export const TFD_TIMER_CANCEL_ON_SET = 2;
export const EAGAIN = 11;
export const ECANCELED = 125;

/** sizeof(struct timex) on x86_64 and aarch64 (LP64), including the 11 reserved ints. */
export const TIMEX_SIZE = 208;

export interface Libc {
  /** int clock_gettime(clockid_t, struct timespec *): writes 16 bytes (sec, nsec). */
  readonly clock_gettime: NativeFunction;
  /** int clock_getres(clockid_t, struct timespec *). */
  readonly clock_getres: NativeFunction;
  /** int adjtimex(struct timex *): with modes = 0 it only reads. Returns the clock state. */
  readonly adjtimex: NativeFunction;
  /** int timerfd_create(int clockid, int flags). */
  readonly timerfd_create: NativeFunction;
  /** int timerfd_settime(int fd, int flags, const struct itimerspec *new, struct itimerspec *old). */
  readonly timerfd_settime: NativeFunction;
  /** ssize_t read(int fd, void *buf, size_t count). */
  readonly read: NativeFunction;
  /** int close(int fd). */
  readonly close: NativeFunction;
  /** errno of the last call made through koffi on this thread. */
  errno(): number;
}

let cached: Libc | undefined;
let sockets: LibcSockets | undefined;

export const AF_INET = 2;
export const AF_INET6 = 10;
export const SOCK_STREAM = 1;
export const SOL_SOCKET = 1;
export const SO_REUSEADDR = 2;

/** BSD socket calls; every failure sets errno, read with errno(). */
export interface LibcSockets {
  /** int socket(int domain, int type, int protocol). */
  readonly socket: NativeFunction;
  /** int setsockopt(int fd, int level, int name, const void *value, socklen_t len). */
  readonly setsockopt: NativeFunction;
  /** int bind(int fd, const struct sockaddr *, socklen_t). */
  readonly bind: NativeFunction;
  /** int listen(int fd, int backlog). */
  readonly listen: NativeFunction;
  /** int getsockname(int fd, struct sockaddr *, socklen_t *). */
  readonly getsockname: NativeFunction;
  /** int connect(int fd, const struct sockaddr *, socklen_t). */
  readonly connect: NativeFunction;
  /** int accept(int fd, struct sockaddr *, socklen_t *): both NULL here. */
  readonly accept: NativeFunction;
  /** ssize_t send(int fd, const void *, size_t, int flags). */
  readonly send: NativeFunction;
  /** ssize_t recv(int fd, void *, size_t, int flags). */
  readonly recv: NativeFunction;
  /** int close(int fd). */
  readonly close: NativeFunction;
  /** errno as saved by koffi right after the last native call on this thread. */
  readonly errno: () => number;
}

/**
 * The socket calls, resolved from the global scope like clock_gettime, so an LD_PRELOAD
 * shim (the fault-injection tests) interposes them exactly as it would for any program.
 */
export function libcSockets(): LibcSockets {
  if (sockets) return sockets;
  const koffi = loadKoffi();
  const lib: LibraryHandle = koffi.load(null);
  sockets = {
    socket: lib.func('int socket(int domain, int type, int protocol)'),
    setsockopt: lib.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
    bind: lib.func('int bind(int fd, const void *addr, uint32_t len)'),
    listen: lib.func('int listen(int fd, int backlog)'),
    getsockname: lib.func('int getsockname(int fd, void *addr, _Inout_ uint32_t *len)'),
    connect: lib.func('int connect(int fd, const void *addr, uint32_t len)'),
    accept: lib.func('int accept(int fd, void *addr, void *len)'),
    send: lib.func('intptr_t send(int fd, const void *buf, size_t len, int flags)'),
    recv: lib.func('intptr_t recv(int fd, void *buf, size_t len, int flags)'),
    close: lib.func('int close(int fd)'),
    errno: () => koffi.errno(),
  };
  return sockets;
}

export function libc(): Libc {
  if (cached) return cached;
  const koffi = loadKoffi();
  const lib: LibraryHandle = koffi.load(null);
  // A raw pointer to a caller-owned 16-byte buffer: no object is allocated per call,
  // which keeps a (mono, wall, mono) bracket close to the native floor.
  cached = {
    clock_gettime: lib.func('int clock_gettime(int clockid, _Out_ void *ts)'),
    clock_getres: lib.func('int clock_getres(int clockid, _Out_ void *res)'),
    // The timex is passed as a raw 208-byte buffer and decoded by pure code
    // (collectors/timesync/parse.ts, checked against timexLayout() in the tests).
    adjtimex: lib.func('int adjtimex(_Inout_ void *buf)'),
    timerfd_create: lib.func('int timerfd_create(int clockid, int flags)'),
    timerfd_settime: lib.func(
      'int timerfd_settime(int fd, int flags, const void *newValue, _Out_ void *oldValue)',
    ),
    read: lib.func('intptr_t read(int fd, _Out_ void *buf, uintptr_t count)'),
    close: lib.func('int close(int fd)'),
    errno: () => koffi.errno(),
  };
  return cached;
}

/**
 * struct timex as <sys/timex.h> declares it for LP64 Linux (x86_64, aarch64). Not used
 * for calls: it exists so a test can check the offsets the pure decoder uses against
 * the C layout rules koffi applies (padding after the ints, the embedded timeval).
 */
let timexType: ReturnType<typeof declareTimex> | undefined;

export function timexLayout(): ReturnType<typeof declareTimex> {
  timexType ??= declareTimex();
  return timexType;
}

function declareTimex() {
  const koffi = loadKoffi();
  return koffi.struct('hostwatch_timex', {
    modes: 'uint32_t',
    offset: 'long',
    freq: 'long',
    maxerror: 'long',
    esterror: 'long',
    status: 'int',
    constant: 'long',
    precision: 'long',
    tolerance: 'long',
    time_sec: 'long',
    time_usec: 'long',
    tick: 'long',
    ppsfreq: 'long',
    jitter: 'long',
    shift: 'int',
    stabil: 'long',
    jitcnt: 'long',
    calcnt: 'long',
    errcnt: 'long',
    stbcnt: 'long',
    tai: 'int',
    reserved: koffi.array('int', 11),
  });
}

// ---- Timer collector: timer slack, coarse clock and the sleep probe -------------------
// A separate section with its own lazy loader, so other collectors' additions above do
// not touch it.

export const CLOCK_MONOTONIC_COARSE = 6;
/** prctl option that returns the calling thread's timer slack in nanoseconds. */
export const PR_GET_TIMERSLACK = 30;

export interface LibcTimer {
  /** int prctl(int option, ...): variadic; PR_GET_TIMERSLACK takes no further argument. */
  readonly prctl: NativeFunction;
  /** int nanosleep(const struct timespec *req, struct timespec *rem): 16-byte timespecs. */
  readonly nanosleep: NativeFunction;
}

let timerCached: LibcTimer | undefined;

export function libcTimer(): LibcTimer {
  if (timerCached) return timerCached;
  const lib: LibraryHandle = loadKoffi().load(null);
  timerCached = {
    prctl: lib.func('int prctl(int option, ...)'),
    nanosleep: lib.func('int nanosleep(const void *req, void *rem)'),
  };
  return timerCached;
}
