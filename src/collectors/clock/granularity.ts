// Observed granularity: the smallest non-zero change seen when reading a clock back to
// back. Pure apart from the read function it is given; bounded in time.

/** A clock whose changes are this far apart is coarse: a few changes show its tick. */
const COARSE_CHANGE_NS = 1_000_000n;
const COARSE_CHANGES = 3;

export function observeGranularityNs(
  read: () => bigint,
  changes = 20,
  maxReads = 2_000_000,
): number | undefined {
  for (let i = 0; i < 1000; i++) read(); // warm up: let the JIT compile the read path
  let last = read();
  let smallest: bigint | undefined;
  let seen = 0;
  // Bounded by a read count, not by the clock itself: a frozen clock must not hang us.
  for (let i = 0; i < maxReads && seen < changes; i++) {
    const now = read();
    if (now !== last) {
      const delta = now > last ? now - last : last - now;
      if (smallest === undefined || delta < smallest) smallest = delta;
      last = now;
      seen++;
      // Why stop early: a coarse clock (a 4 ms jiffy, Windows' 15.6 ms tick) would keep
      // the start-up spinning for 20 ticks, about 80 ms of CPU and 30 MB of BigInt
      // garbage, to learn what its first few ticks already say.
      if (seen >= COARSE_CHANGES && smallest >= COARSE_CHANGE_NS) break;
    }
  }
  return smallest === undefined ? undefined : Number(smallest);
}
