// Robust drift estimate over a sliding window. Pure.
//
// Points are (monotonic seconds, wall-minus-monotonic offset in ns) with the sizes of
// detected steps already removed, so a step never bends the slope. The estimate is the
// median of slopes between points half a window apart: like Theil-Sen it ignores a
// minority of outliers (a sample taken while a VM was descheduled), but it costs
// O(n log n) rather than O(n^2), which matters at a 100 ms interval.

interface Point {
  readonly t: number;
  readonly offsetNs: number;
}

const MIN_POINTS = 5;

export class DriftWindow {
  private points: Point[] = [];

  constructor(private readonly windowSeconds: number) {}

  add(t: number, offsetNs: number): void {
    this.points.push({ t, offsetNs });
    const oldest = t - this.windowSeconds;
    let drop = 0;
    while (drop < this.points.length && (this.points[drop]?.t ?? Infinity) < oldest) drop++;
    if (drop > 0) this.points.splice(0, drop);
  }

  /** Shifts every stored point by a detected step, so the window stays continuous. */
  absorbStep(stepNs: number): void {
    this.points = this.points.map((p) => ({ t: p.t, offsetNs: p.offsetNs + stepNs }));
  }

  /** Ratio (ns per ns), or undefined while the window spans too little time. */
  estimate(): number | undefined {
    const n = this.points.length;
    const first = this.points[0];
    const last = this.points[n - 1];
    if (n < MIN_POINTS || !first || !last) return undefined;
    if (last.t - first.t < Math.min(this.windowSeconds / 2, 10)) return undefined;
    const half = Math.floor(n / 2);
    const slopes: number[] = [];
    for (let i = 0; i + half < n; i++) {
      const a = this.points[i] as Point;
      const b = this.points[i + half] as Point;
      if (b.t > a.t) slopes.push((b.offsetNs - a.offsetNs) / 1e9 / (b.t - a.t));
    }
    return median(slopes);
  }
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
