// GET /metrics: negotiates the format (Accept) and the encoding (Accept-Encoding), and
// sends the shared exposition (exposition.ts) as it is: no per-request rendering,
// compression or ETag. Vary names both headers, so a cache between Prometheus and the
// exporter never hands gzip to a client that did not ask for it.
//
// The exporter's HTTP server hands GET and HEAD of the telemetry path straight to
// sendMetrics (metricsFirst): express sets up its request and response objects and
// routes every request, which costs more CPU and garbage than the scrape itself once the
// exposition is shared (docs/benchmarks.md). Everything else, and spellings of the path
// that only express's routing matches (a trailing slash, another case), go to express,
// which serves /metrics from the same cache.
//
// X-Prometheus-Scrape-Timeout-Seconds minus a margin is the scrape's budget: a collector
// that cannot finish within it reports success 0 in this scrape, and the others answer.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import { scrapeBudgetSeconds } from '../runtime/scrape-timeout';
import type { ExpositionCache } from './exposition';
import { refuse } from './guard';
import { chooseEncoding, chooseFormat } from './negotiate';

export async function sendMetrics(
  cache: ExpositionCache,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const budget = scrapeBudgetSeconds(headerText(req.headers['x-prometheus-scrape-timeout-seconds']));
  if (budget instanceof Error) return refuse(res, 400, budget.message);
  const format = chooseFormat(req.headers.accept);
  const exposition = await cache.get(format, chooseEncoding(req.headers['accept-encoding']), budget);
  const headers: Record<string, string | number> = {
    'Content-Type': exposition.contentType,
    'Content-Length': exposition.body.length,
    Vary: 'Accept, Accept-Encoding',
  };
  if (exposition.encoding === 'gzip') headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, headers).end(exposition.body); // HEAD: node:http sends no body
}

/** A header as one string (node:http joins repeated ones, except a few; never for ours). */
function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The same, as an express handler (express 5 turns a rejection into a 500). */
export function metricsRoute(cache: ExpositionCache) {
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => sendMetrics(cache, req, res);
}

/** The exporter's request listener: scrapes of the telemetry path first, the rest to `app`. */
export function metricsFirst(
  telemetryPath: string,
  cache: ExpositionCache,
  app: RequestListener,
  logger: Logger,
): RequestListener {
  return (req, res) => {
    const path = req.url?.split('?', 1)[0];
    if (path !== telemetryPath || (req.method !== 'GET' && req.method !== 'HEAD')) return app(req, res);
    sendMetrics(cache, req, res).catch((error: unknown) => {
      // The reason goes to the log only: it may name files of the host.
      logger.error('metrics unavailable', { err: error instanceof Error ? error.message : String(error) });
      refuse(res, 500, 'metrics unavailable; see the exporter log');
    });
  };
}
