// Small statistics shared by the benches: nearest-rank percentiles, as clock-floor.c
// computes them, so native and exporter figures are comparable.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function sortedCopy(values: Iterable<number>): number[] {
  return Float64Array.from(values).sort() as unknown as number[];
}
