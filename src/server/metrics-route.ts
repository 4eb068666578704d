// GET /metrics: negotiates the format (Accept) and the encoding (Accept-Encoding), and
// sends the shared exposition (exposition.ts) as it is: no per-request rendering,
// compression or ETag. Vary names both headers, so a cache between Prometheus and the
// exporter never hands gzip to a client that did not ask for it. The exporter's server
// sends GET and HEAD of the telemetry path here directly (fast-path.ts); express
// (metricsRoute) serves the other spellings of the path from the same cache.
//
// X-Prometheus-Scrape-Timeout-Seconds minus a margin is the scrape's budget: a collector
// that cannot finish within it reports success 0 in this scrape, and the others answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { scrapeBudgetSeconds } from '../runtime/scrape-timeout';
import type { Exposition, ExpositionCache } from './exposition';
import { refuse } from './guard';
import { chooseEncoding, chooseFormat } from './negotiate';

/**
 * Answers a scrape: at once when the shared exposition is ready (most scrapes under load:
 * no promise, no garbage beyond node:http's own), else when it is. A promise only then.
 */
export function sendMetrics(
  cache: ExpositionCache,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> | undefined {
  const budget = scrapeBudgetSeconds(headerText(req.headers['x-prometheus-scrape-timeout-seconds']));
  if (budget instanceof Error) return void refuse(res, 400, budget.message);
  const format = chooseFormat(req.headers.accept);
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const ready = cache.settled(format, encoding, budget);
  if (ready) return void send(res, ready);
  return cache.get(format, encoding, budget).then((exposition) => send(res, exposition));
}

function send(res: ServerResponse, exposition: Exposition): void {
  res.writeHead(200, exposition.headers).end(exposition.body); // HEAD: node:http sends no body
}

/** A header as one string (node:http joins repeated ones, except a few; never for ours). */
function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The same, as an express handler (express 5 turns a rejection into a 500). */
export function metricsRoute(cache: ExpositionCache) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => sendMetrics(cache, req, res);
}
