// The server of a bench variant (variant-server.ts): createRegistries, startRunner,
// the app (lazy-app.ts) and fastPathFirst from src/, wired as src/serve.ts does, with the
// one change the variant undoes. "legacy" keeps the /metrics handler the exporter had
// before the shared exposition (express routing, a rendering per request), here and
// nowhere else. Like the shipped exporter, the variants that route by the fast path load
// express only when a request needs it; legacy and via-express load it at start.
import { createServer, type RequestListener, type Server } from 'node:http';
import type express from 'express';
import type { Request, Response } from 'express';
import { loadConfig } from '../src/config/load';
import { createLogger } from '../src/log';
import { createRegistries, startRunner } from '../src/serve';
import type { Registries } from '../src/server/app';
import { ExpositionCache, MAX_AGE_SECONDS } from '../src/server/exposition';
import { fastPathFirst } from '../src/server/fast-path';
import { lazyApp, loadApp } from '../src/server/lazy-app';
import type { Runner } from '../src/runtime/runner';
import type { Variant } from './variant-names';

const DEFAULT_FAMILIES = /^(process|nodejs)_/;

export function serveVariant(variant: Variant, port: number, flags: string[]): Server {
  const { config } = loadConfig(flags, 'linux');
  const registries = createRegistries();
  const ownWorkers = variant === 'legacy' || variant === 'isolate-per-probe';
  const logger = createLogger('warn', 'json');
  const runner = startRunner(config, 'linux', logger, registries, {
    shareProbeThread: !ownWorkers,
    eventLoopSampleMs: variant === 'legacy' ? 10 : undefined,
  });
  if (variant === 'no-cache-no-default') {
    for (const registry of [registries.prometheus, registries.openmetrics]) {
      for (const { name } of registry.getMetricsAsArray())
        if (DEFAULT_FAMILIES.test(name)) registry.removeSingleMetric(name);
    }
  }
  const info = {
    version: 'bench',
    platform: 'linux' as const,
    arch: process.arch,
    nodeVersion: process.version,
  };
  const maxAgeSeconds = variant === 'no-cache' || variant === 'no-cache-no-default' ? 0 : MAX_AGE_SECONDS;
  const exposition = new ExpositionCache(runner, registries, maxAgeSeconds);
  const appOptions = { telemetryPath: '/metrics', registries, runner, info, exposition };
  const front =
    variant === 'legacy'
      ? legacyFront(registries, runner, loadApp(appOptions))
      : variant === 'via-express'
        ? loadApp(appOptions)
        : fastPathFirst(
            { telemetryPath: '/metrics', exposition, runner, logger },
            lazyApp(() => loadApp(appOptions), logger),
          );
  const server = createServer(front).listen(port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void runner.stop().then(() => process.exit(0));
  });
  return server;
}

/** /metrics as it was: one shared update in flight, then a rendering per request, no gzip. */
function legacyFront(registries: Registries, runner: Runner, app: RequestListener): express.Express {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const front = (require('express') as typeof express)();
  front.disable('x-powered-by');
  front.set('etag', false);
  front.get('/metrics', async (req: Request, res: Response) => {
    await runner.update();
    const openmetrics = /application\/openmetrics-text/i.test(req.get('accept') ?? '');
    const registry = openmetrics ? registries.openmetrics : registries.prometheus;
    res.type(registry.contentType).send(await registry.metrics());
  });
  front.use(app);
  return front;
}
