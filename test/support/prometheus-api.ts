// Prometheus's HTTP query API as Grafana calls it for a panel: an instant query, a range
// query over a window with a step, and the series lookup behind label_values().
export interface PromSeries {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: [number, string][];
}

async function get(url: string): Promise<PromSeries[]> {
  const res = await fetch(url);
  const body = (await res.json()) as { status: string; error?: string; data: unknown };
  if (body.status !== 'success') throw new Error(`${url}: ${body.error ?? res.status}`);
  const data = body.data as { result?: PromSeries[] } | Record<string, string>[];
  return Array.isArray(data) ? data.map((metric) => ({ metric })) : (data.result ?? []);
}

export const instantQuery = (base: string, expr: string): Promise<PromSeries[]> =>
  get(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);

export function rangeQuery(base: string, expr: string, seconds: number, step: number): Promise<PromSeries[]> {
  const end = Date.now() / 1000;
  const range = `start=${end - seconds}&end=${end}&step=${step}`;
  return get(`${base}/api/v1/query_range?query=${encodeURIComponent(expr)}&${range}`);
}

/** What label_values(selector, label) reads: the series matching the selector. */
export const seriesOf = (base: string, selector: string): Promise<PromSeries[]> =>
  get(`${base}/api/v1/series?match[]=${encodeURIComponent(selector)}`);
