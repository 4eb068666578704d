// Observed granularity: the smallest non-zero change seen when reading a clock back to
// back. Pure apart from the read function it is given; bounded in time.

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
    }
  }
  return smallest === undefined ? undefined : Number(smallest);
}
