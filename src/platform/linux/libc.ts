// koffi declarations for the C library on Linux. Loaded lazily, on first use. The typed
// calls the collectors use are in clock.ts, timerfd.ts, timex.ts and sockets.ts.
//
// The library is resolved from the process's global symbol scope (koffi.load(null)),
// not by file name: that is the clock_gettime every other library in the process sees,
// and the one an LD_PRELOAD (libfaketime, the bind() shim in our tests) interposes.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

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
  /** int prctl(int option, ...): variadic; PR_GET_TIMERSLACK takes no further argument. */
  readonly prctl: NativeFunction;
  /** int nanosleep(const struct timespec *req, struct timespec *rem): 16-byte timespecs. */
  readonly nanosleep: NativeFunction;
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
  /** void _exit(int status): ends the process at once, joining no thread. */
  readonly _exit: NativeFunction;
}

let cached: Libc | undefined;

export function libc(): Libc {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load(null);
  // Raw pointers to caller-owned Buffers: no object is allocated per call, which keeps a
  // (mono, wall, mono) bracket close to the native floor.
  cached = {
    clock_gettime: lib.func('int clock_gettime(int clockid, void *ts)'),
    clock_getres: lib.func('int clock_getres(int clockid, void *res)'),
    adjtimex: lib.func('int adjtimex(void *buf)'),
    timerfd_create: lib.func('int timerfd_create(int clockid, int flags)'),
    timerfd_settime: lib.func('int timerfd_settime(int fd, int flags, const void *newValue, void *oldValue)'),
    read: lib.func('intptr_t read(int fd, void *buf, uintptr_t count)'),
    close: lib.func('int close(int fd)'),
    prctl: lib.func('int prctl(int option, ...)'),
    nanosleep: lib.func('int nanosleep(const void *req, void *rem)'),
    socket: lib.func('int socket(int domain, int type, int protocol)'),
    setsockopt: lib.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
    bind: lib.func('int bind(int fd, const void *addr, uint32_t len)'),
    listen: lib.func('int listen(int fd, int backlog)'),
    getsockname: lib.func('int getsockname(int fd, void *addr, void *len)'),
    connect: lib.func('int connect(int fd, const void *addr, uint32_t len)'),
    accept: lib.func('int accept(int fd, void *addr, void *len)'),
    send: lib.func('intptr_t send(int fd, const void *buf, size_t len, int flags)'),
    recv: lib.func('intptr_t recv(int fd, void *buf, size_t len, int flags)'),
    _exit: lib.func('void _exit(int status)'),
  };
  return cached;
}

/** errno as koffi saved it right after the last native call on this thread. */
export function errno(): number {
  return loadKoffi().errno();
}
