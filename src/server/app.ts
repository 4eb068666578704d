// The HTTP surface: /metrics (text 0.0.4 or OpenMetrics, gzip when asked; one shared
// exposition per update, see exposition.ts), /healthz and /readyz (health.ts), the status
// page at / (status/), and the routes collectors bring (listen: /probe). Unknown paths are 404;
// known paths with another method are 405; an error is a short sentence to the client
// and the details to the log (express's own handler would send its stack).
// Auth, limits and headers are applied before this app (guard.ts). The exporter's server
// answers GET and HEAD of /metrics, /healthz and /readyz itself (fast-path.ts) and builds
// this app on the first request that needs it (lazy-app.ts); tests use it whole.
import { STATUS_CODES } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { OpenMetricsContentType, Registry } from 'prom-client';
import type { CollectorRoute } from '../collectors/types';
import type { Logger } from '../log';
import type { Runner } from '../runtime/runner';
import { ExpositionCache } from './exposition';
import { HEALTH_PATH, healthAnswer, READY_PATH, readinessAnswer, type HealthAnswer } from './health';
import { metricsRoute } from './metrics-route';
import type { StatusInfo } from './status/page';
import { HistoryRecorder } from './status/recorder';
import { statusRoutes } from './status/routes';

export interface Registries {
  readonly prometheus: Registry;
  readonly openmetrics: Registry<OpenMetricsContentType>;
}

export interface AppOptions {
  readonly telemetryPath: string;
  readonly registries: Registries;
  readonly runner: Runner;
  readonly info: Omit<StatusInfo, 'telemetryPath' | 'collectors'>;
  /** The status page's history; serve.ts starts one, tests may leave it out (empty charts). */
  readonly history?: HistoryRecorder;
  /** What /metrics serves (exposition.ts); one of its own unless given. */
  readonly exposition?: ExpositionCache;
  /** Where errors are logged; without one, nowhere (tests). */
  readonly logger?: Logger;
}

export function createApp(options: AppOptions): Express {
  const { telemetryPath, registries, runner } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const routes: Record<string, (req: Request, res: Response) => unknown> = {
    [telemetryPath]: metricsRoute(options.exposition ?? new ExpositionCache(runner, registries)),
    [HEALTH_PATH]: (_req, res) => sendAnswer(res, healthAnswer()),
    [READY_PATH]: (_req, res) => sendAnswer(res, readinessAnswer(runner)),
    ...statusRoutes({
      registry: registries.prometheus,
      runner,
      history: options.history ?? new HistoryRecorder(registries.prometheus),
      info: { ...options.info, telemetryPath },
    }),
  };

  for (const route of runner.routes()) {
    if (route.path in routes) throw new Error(`collector route ${route.path} collides with an exporter path`);
    routes[route.path] = collectorHandler(route);
  }

  for (const [path, handler] of Object.entries(routes)) {
    app.get(path, handler);
    app.all(path, (_req, res) => {
      res.set('Allow', 'GET, HEAD').status(405).type('text/plain').send('method not allowed\n');
    });
  }
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  app.use(errorHandler(options.logger));
  return app;
}

/** Status and reason phrase to the client, the error to the log. */
function errorHandler(logger: Logger | undefined) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const raw = (error as { status?: unknown }).status;
    const status = typeof raw === 'number' && raw >= 400 && raw < 600 ? raw : 500;
    if (status >= 500) logger?.error('request failed', { path: req.path, err: String(error) });
    if (res.headersSent) return void res.destroy();
    res
      .status(status)
      .type('text/plain')
      .send(`${STATUS_CODES[status] ?? 'error'}\n`.toLowerCase());
  };
}

/** Health answers through express: its freshness rule (304 for `If-None-Match: *`) applies. */
function sendAnswer(res: Response, answer: HealthAnswer): void {
  res.status(answer.status).type('text/plain').send(answer.text);
}

/** Adapts a framework-free collector route to express. */
function collectorHandler(route: CollectorRoute) {
  return async (req: Request, res: Response) => {
    const answer = await route.handle({
      query: req.query as Record<string, string | string[] | undefined>,
      header: (name) => req.get(name),
    });
    res.status(answer.status).type(answer.contentType).send(answer.body);
  };
}
