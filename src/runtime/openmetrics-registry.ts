// The OpenMetrics registry, rendering without touching the metrics it shares with the
// Prometheus-text registry. prom-client's own Registry.metrics() in OpenMetrics mode
// renames every counter object in place (strips "_total"), and every family here is one
// object registered in both registries: after the first OpenMetrics scrape, the text
// format then served hostwatch_clock_samples instead of hostwatch_clock_samples_total.
// Here each counter is rendered through a view that carries the OpenMetrics name; the
// object keeps its own.
import { Registry, type Metric, type OpenMetricsContentType } from 'prom-client';

/** What prom-client's getMetricsAsString reads of a metric: get() and its result. */
interface Renderable {
  get(): Promise<{ name: string; type: string }>;
}

/** prom-client's renderer of one family (public in the library, absent from its types). */
type RenderOne = (metric: Renderable) => Promise<string>;

export class OpenMetricsRegistry extends Registry<OpenMetricsContentType> {
  constructor() {
    super();
    this.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  }

  override async metrics(): Promise<string> {
    const renderOne = (this as unknown as { getMetricsAsString: RenderOne }).getMetricsAsString.bind(this);
    const parts = await Promise.all(
      this.getMetricsAsArray().map((metric) => renderOne(openMetricsView(metric as unknown as Metric))),
    );
    return `${parts.join('\n')}\n# EOF\n`;
  }
}

function openMetricsView(metric: Metric): Renderable {
  const source = metric as unknown as Renderable;
  return {
    get: async () => {
      const got = await source.get();
      return got.type === 'counter' ? { ...got, name: got.name.replace(/_total$/, '') } : got;
    },
  };
}
