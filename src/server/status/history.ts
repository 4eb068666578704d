// The status page's short memory: a fixed ring of rows (one per tick) and columns (one
// per series), allocated once, so its size is known before the exporter runs. Pure: it
// is fed snapshots of metric families, the recorder (recorder.ts) does the reading.
//
// Size: CAPACITY rows x (MAX_SERIES + 1) columns of float64 = 301 x 49 x 8 B = 118 KB,
// plus the series' names and labels (at most MAX_SERIES of them).

/** One tick every 2 s; 10 minutes of them, plus the tick that starts the window. */
export const INTERVAL_SECONDS = 2;
export const WINDOW_SECONDS = 600;
export const CAPACITY = WINDOW_SECONDS / INTERVAL_SECONDS + 1;
/** Series beyond this many are not kept (and counted in dropped_series). */
export const MAX_SERIES = 48;

/**
 * How a family becomes chart points: value (a gauge as it is), increase (a counter's
 * change since the last tick), mean (a histogram's change of sum over change of count:
 * the mean of the observations made since the last tick; no point when there were none).
 */
export type Derive = 'value' | 'increase' | 'mean';

export interface HistorySpec {
  readonly chart: string;
  readonly family: string;
  readonly derive: Derive;
  /** Only samples with these label values. */
  readonly match?: Readonly<Record<string, string>>;
  /** The labels that tell series apart (others are summed). */
  readonly by: readonly string[];
}

/** A sample as prom-client's metric.get() returns it. */
export interface Sample {
  readonly labels: Readonly<Partial<Record<string, string | number>>>;
  readonly value: number;
  readonly metricName?: string;
}

export interface SeriesInfo {
  readonly chart: string;
  readonly family: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface HistoryJson {
  readonly interval_seconds: number;
  readonly window_seconds: number;
  readonly capacity: number;
  readonly max_series: number;
  readonly dropped_series: number;
  /** Unix seconds of each row, oldest first, spaced on the monotonic clock. */
  readonly timestamps: number[];
  readonly series: (SeriesInfo & { values: (number | null)[] })[];
}

/** Sums the samples of one spec by its `by` labels: series key -> [value, sum, count]. */
export function reduce(spec: HistorySpec, family: string, samples: readonly Sample[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of samples) {
    if (Object.entries(spec.match ?? {}).some(([k, v]) => String(s.labels[k]) !== v)) continue;
    const part = s.metricName === undefined || s.metricName === family ? 0 : partOf(family, s.metricName);
    if (part < 0) continue;
    const key = JSON.stringify(spec.by.map((l) => String(s.labels[l] ?? '')));
    const acc = out.get(key) ?? [0, 0, 0];
    acc[part] = (acc[part] ?? 0) + s.value;
    out.set(key, acc);
  }
  return out;
}

/** 0 for a plain sample, 1 for a histogram's _sum, 2 for its _count, -1 for buckets. */
function partOf(family: string, metricName: string): number {
  if (metricName === `${family}_sum`) return 1;
  if (metricName === `${family}_count`) return 2;
  return -1;
}

export class History {
  private readonly times = new Float64Array(CAPACITY);
  private readonly cells = new Float64Array(CAPACITY * MAX_SERIES).fill(NaN);
  private readonly series: SeriesInfo[] = [];
  private readonly columns = new Map<string, number>();
  private readonly previous = new Map<string, number[]>();
  private rows = 0;
  private next = 0;
  private dropped = 0;

  constructor(readonly specs: readonly HistorySpec[]) {}

  /** Adds one row at monotonic time `monoMs` from each spec's family samples. */
  record(monoMs: number, families: ReadonlyMap<string, readonly Sample[]>): void {
    const row = this.next;
    this.times[row] = monoMs;
    this.cells.fill(NaN, row * MAX_SERIES, (row + 1) * MAX_SERIES);
    for (const spec of this.specs) {
      const samples = families.get(spec.family);
      if (!samples) continue;
      for (const [key, acc] of reduce(spec, spec.family, samples)) {
        const column = this.column(spec, key);
        if (column === undefined) continue;
        this.cells[row * MAX_SERIES + column] = this.derive(spec, `${spec.chart}${key}`, acc);
      }
    }
    this.next = (row + 1) % CAPACITY;
    this.rows = Math.min(this.rows + 1, CAPACITY);
  }

  private column(spec: HistorySpec, key: string): number | undefined {
    const id = `${spec.chart}${key}`;
    const known = this.columns.get(id);
    if (known !== undefined) return known;
    if (this.series.length >= MAX_SERIES) {
      this.dropped++;
      this.columns.set(id, -1);
      return undefined;
    }
    const values = JSON.parse(key) as string[];
    const labels = Object.fromEntries(spec.by.map((l, i) => [l, values[i] ?? '']));
    this.series.push({ chart: spec.chart, family: spec.family, labels });
    this.columns.set(id, this.series.length - 1);
    return this.series.length - 1;
  }

  private derive(spec: HistorySpec, id: string, acc: number[]): number {
    const [value = NaN, sum = 0, count = 0] = acc;
    if (spec.derive === 'value') return value;
    const before = this.previous.get(id);
    this.previous.set(id, acc);
    if (!before) return NaN;
    if (spec.derive === 'increase') return value >= (before[0] ?? 0) ? value - (before[0] ?? 0) : value;
    const dCount = count - (before[2] ?? 0);
    return dCount > 0 ? (sum - (before[1] ?? 0)) / dCount : NaN;
  }

  /** The window as JSON; rows placed on the wall clock at `wallMs`, which is monotonic `monoMs`. */
  toJSON(wallMs: number, monoMs: number): HistoryJson {
    const order = Array.from(
      { length: this.rows },
      (_, i) => (this.next - this.rows + i + CAPACITY) % CAPACITY,
    );
    const point = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
    return {
      interval_seconds: INTERVAL_SECONDS,
      window_seconds: WINDOW_SECONDS,
      capacity: CAPACITY,
      max_series: MAX_SERIES,
      dropped_series: this.dropped,
      timestamps: order.map((r) => Math.round(wallMs - (monoMs - (this.times[r] ?? 0))) / 1000),
      series: this.series.map((info, column) => ({
        ...info,
        values: order.map((r) => point(this.cells[r * MAX_SERIES + column])),
      })),
    };
  }
}
