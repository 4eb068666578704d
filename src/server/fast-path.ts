// The exporter's request listener (behind the guard, start.ts). What Prometheus and the
// kubelet ask for, GET and HEAD of the telemetry path, /healthz and /readyz, is answered
// here without express: express sets up its request and response objects and routes
// every request, which costs more CPU and garbage than a scrape once the exposition is
// shared (docs/benchmarks.md), and loading it costs about 4 MB of RSS for good (issue 11).
// Everything else, and spellings of these paths that only express's routing matches (a
// trailing slash, another case), goes to `app`, which serve.ts builds on the first request
// that needs it (lazy-app.ts) and which answers those paths the same way.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import type { ExpositionCache } from './exposition';
import { pathOf, refuse } from './guard';
import {
  HEALTH_PATH,
  healthAnswer,
  READY_PATH,
  readinessAnswer,
  sendHealthAnswer,
  type HealthAnswer,
  type Readiness,
} from './health';
import { sendMetrics } from './metrics-route';

export interface FastPathOptions {
  readonly telemetryPath: string;
  readonly exposition: ExpositionCache;
  /** Answers /readyz. */
  readonly runner: Readiness;
  readonly logger: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The request listener: the fast paths first, the rest to `app`. */
export function fastPathFirst(options: FastPathOptions, app: RequestListener): RequestListener {
  const direct = new Map<string, Handler>([
    [options.telemetryPath, scrapeHandler(options.exposition, options.logger)],
    [HEALTH_PATH, healthHandler(() => healthAnswer(), app)],
    [READY_PATH, healthHandler(() => readinessAnswer(options.runner), app)],
  ]);
  return (req, res) => {
    const handler = req.method === 'GET' || req.method === 'HEAD' ? direct.get(pathOf(req)) : undefined;
    if (handler) handler(req, res);
    else app(req, res);
  };
}

function scrapeHandler(exposition: ExpositionCache, logger: Logger): Handler {
  return (req, res) => {
    let pending: Promise<void> | undefined;
    try {
      pending = sendMetrics(exposition, req, res);
    } catch (error) {
      return unavailable(logger, res, error);
    }
    pending?.catch((error: unknown) => unavailable(logger, res, error));
  };
}

function unavailable(logger: Logger, res: ServerResponse, error: unknown): void {
  // The reason goes to the log only: it may name files of the host.
  logger.error('metrics unavailable', { err: error instanceof Error ? error.message : String(error) });
  refuse(res, 500, 'metrics unavailable; see the exporter log');
}

/**
 * express answers `If-None-Match: *` with 304 (its freshness check, res.send); no probe
 * sends it, so such a request goes to express rather than repeating that rule here.
 */
function healthHandler(answer: () => HealthAnswer, app: RequestListener): Handler {
  return (req, res) => {
    if (req.headers['if-none-match'] !== undefined) return app(req, res);
    sendHealthAnswer(res, answer());
  };
}
