// adjtimex(2) in read-only mode, and struct timex as bytes. The decoder is pure (fixtures
// drive it on every OS); timexLayout() lets a Linux test check its offsets against the
// C layout rules koffi applies (padding after the ints, the embedded timeval).
import { errnoError } from '../errors';
import { loadKoffi } from '../koffi';
import { errno, libc } from './libc';

/** sizeof(struct timex) on x86_64 and aarch64 (LP64), including the 11 reserved ints. */
export const TIMEX_SIZE = 208;

/** Byte offsets in struct timex on LP64 Linux; test/linux/timesync.test.ts checks them. */
export const TIMEX_OFFSETS = {
  modes: 0,
  offset: 8,
  freq: 16,
  maxerror: 24,
  esterror: 32,
  status: 40,
  tick: 88,
} as const;

/** The fields of struct timex the exporter reads, raw (units as the kernel keeps them). */
export interface RawTimex {
  /** adjtimex's return value: TIME_OK .. TIME_ERROR. */
  readonly state: number;
  readonly status: number;
  /** ns with STA_NANO, else us. */
  readonly offset: number;
  /** ppm scaled by 2^16. */
  readonly freq: number;
  /** us. */
  readonly maxerror: number;
  /** us. */
  readonly esterror: number;
  /** us per 1/USER_HZ s. */
  readonly tick: number;
}

/** adjtimex with modes = 0: reads, never sets anything. Throws OsError (errno). */
export function readTimex(): RawTimex {
  const buf = Buffer.alloc(TIMEX_SIZE);
  const state = Number(libc().adjtimex(buf));
  if (state < 0) throw errnoError('adjtimex', errno());
  return decodeTimex(buf, state);
}

export function decodeTimex(buf: Buffer, state: number): RawTimex {
  const long = (at: number) => Number(buf.readBigInt64LE(at));
  return {
    state,
    status: buf.readInt32LE(TIMEX_OFFSETS.status),
    offset: long(TIMEX_OFFSETS.offset),
    freq: long(TIMEX_OFFSETS.freq),
    maxerror: long(TIMEX_OFFSETS.maxerror),
    esterror: long(TIMEX_OFFSETS.esterror),
    tick: long(TIMEX_OFFSETS.tick),
  };
}

let timexType: ReturnType<typeof declareTimex> | undefined;

/** struct timex as <sys/timex.h> declares it for LP64 Linux; only for the layout test. */
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
