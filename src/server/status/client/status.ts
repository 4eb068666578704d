// The status page's charts, in the browser: fetches the exporter's history every few
// seconds and draws one uPlot chart per <figure data-chart>. A classic script (no imports):
// uPlot is the global its IIFE build defines, loaded before this one. Compiled by
// tsconfig.client.json (DOM types) into dist/src/server/status/client/status.js.

interface HistorySeries {
  chart: string;
  family: string;
  labels: Record<string, string>;
  values: (number | null)[];
}

interface HistoryJson {
  interval_seconds: number;
  timestamps: number[];
  series: HistorySeries[];
}

/** Series colours; the browser test looks for the first one in the charts' pixels. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const plots = new Map<string, { plot: uPlot; keys: string }>();

function formatSeconds(v: number): string {
  const abs = Math.abs(v);
  if (abs === 0) return '0';
  if (abs >= 1) return `${+v.toFixed(3)} s`;
  if (abs >= 1e-3) return `${+(v * 1e3).toFixed(3)} ms`;
  if (abs >= 1e-6) return `${+(v * 1e6).toFixed(3)} µs`;
  return `${+(v * 1e9).toFixed(1)} ns`;
}

function formatter(unit: string): (v: number | null) => string {
  return (v) => {
    if (v === null) return '–';
    if (unit === 's') return formatSeconds(v);
    if (unit === 'ppm') return `${+v.toFixed(3)} ppm`;
    return String(+v.toFixed(3));
  };
}

function seriesLabel(s: HistorySeries): string {
  const values = Object.values(s.labels).filter(Boolean);
  return values.length > 0 ? values.join(' ') : s.family.replace(/^hostwatch_/, '');
}

function options(figure: HTMLElement, unit: string, series: HistorySeries[]): uPlot.Options {
  const show = formatter(unit);
  const bars = figure.dataset['chart'] === 'steps' ? uPlot.paths.bars?.({ size: [0.6, 12] }) : undefined;
  return {
    width: Math.max(figure.clientWidth - 16, 300),
    height: 170,
    scales: { x: { time: true } },
    axes: [{}, { size: 80, values: (_u, ticks) => ticks.map(show) }],
    series: [
      {},
      ...series.map((s, i) => ({
        label: seriesLabel(s),
        stroke: PALETTE[i % PALETTE.length],
        fill: bars ? PALETTE[i % PALETTE.length] : undefined,
        width: 1.5,
        spanGaps: true,
        paths: bars,
        value: (_u: uPlot, v: number | null) => show(v),
      })),
    ],
  };
}

function draw(figure: HTMLElement, history: HistoryJson): void {
  const id = figure.dataset['chart'] ?? '';
  const unit = figure.dataset['unit'] ?? '';
  const scale = unit === 'ppm' ? 1e6 : 1;
  const series = history.series.filter((s) => s.chart === id);
  const columns = series.map((s) => s.values.map((v) => (v === null ? null : v * scale)));
  const points = columns.reduce((n, col) => n + col.filter((v) => v !== null).length, 0);
  figure.dataset['points'] = String(points);
  const holder = figure.querySelector<HTMLElement>('.plot');
  if (!holder) return;
  if (series.length === 0) {
    holder.innerHTML = '<p class="nodata">No data: its collector is off or not supported on this host.</p>';
    return;
  }
  const data = [history.timestamps, ...columns] as uPlot.AlignedData;
  const keys = series.map(seriesLabel).join('\n');
  const known = plots.get(id);
  if (known && known.keys === keys) {
    known.plot.setData(data);
    return;
  }
  known?.plot.destroy();
  holder.textContent = '';
  plots.set(id, { plot: new uPlot(options(figure, unit, series), data, holder), keys });
}

async function refresh(url: string): Promise<number> {
  const res = await fetch(url, { cache: 'no-store' });
  const history = (await res.json()) as HistoryJson;
  for (const figure of document.querySelectorAll<HTMLElement>('figure[data-chart]')) draw(figure, history);
  return history.interval_seconds;
}

function start(): void {
  const url = document.body.dataset['history'];
  if (!url) return;
  const loop = () => {
    refresh(url)
      .then((seconds) => setTimeout(loop, seconds * 1000))
      .catch(() => setTimeout(loop, 5000));
  };
  loop();
}

start();
