// The express app (app.ts) is built on the first request the fast path (fast-path.ts)
// leaves to it: the status page, /probe, other methods, unknown paths. Prometheus and the
// kubelet never ask for those, so an exporter that only they talk to never loads express
// and keeps about 4 MB of RSS that a loaded module holds for good (issue 11). Nothing is
// lost by waiting: the status page's history recorder does not need express and records
// from the start (serve.ts).
import type { RequestListener } from 'node:http';
import type { Logger } from '../log';
import type * as AppModule from './app';
import { refuse } from './guard';

/**
 * A listener that builds the app on its first request. A build that fails (a module that
 * cannot be loaded) is logged once, and that request and every later one it would have
 * served get 500; the fast paths are not affected.
 */
export function lazyApp(build: () => RequestListener, logger: Logger): RequestListener {
  let app: RequestListener | undefined;
  let failed = false;
  return (req, res) => {
    if (!app && !failed) {
      try {
        app = build();
      } catch (error) {
        failed = true;
        logger.error('cannot build the HTTP app; only the telemetry path, /healthz and /readyz answer', {
          err: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (app) return app(req, res);
    refuse(res, 500, 'internal server error');
  };
}

/** createApp from app.ts, which loads express: required here, when first called. */
export function loadApp(options: AppModule.AppOptions): RequestListener {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('./app') as typeof AppModule;
  return createApp(options);
}
