// Nearest-rank percentiles for the services bench (the same definition as the other
// benches use), kept dependency-free so the bench runs inside node.exe.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function sortedCopy(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}
