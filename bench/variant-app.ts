// The server of a bench variant (variant-server.ts): createRegistries, startRunner and
// createApp from src/, with the one change the variant undoes. "legacy" keeps the
// /metrics handler the exporter had before the shared exposition, here and nowhere else.
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { loadConfig } from '../src/config/load';
import { createLogger } from '../src/log';
import { createRegistries, startRunner } from '../src/serve';
import { createApp, type Registries } from '../src/server/app';
import type { Runner } from '../src/runtime/runner';
import type { Variant } from './variant-names';

const DEFAULT_FAMILIES = /^(process|nodejs)_/;

export function serveVariant(variant: Variant, port: number, flags: string[]): Server {
  const { config } = loadConfig(flags, 'linux');
  const registries = createRegistries();
  const ownWorkers = variant === 'legacy' || variant === 'isolate-per-probe';
  const runner = startRunner(config, 'linux', createLogger('warn', 'json'), registries, {
    shareProbeThread: !ownWorkers,
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
  const maxAgeSeconds = variant === 'no-cache' || variant === 'no-cache-no-default' ? 0 : undefined;
  const app = createApp({ telemetryPath: '/metrics', registries, runner, info, maxAgeSeconds });
  const front = variant === 'legacy' ? legacyFront(registries, runner, app) : app;
  const server = front.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void runner.stop().then(() => process.exit(0));
  });
  return server;
}

/** /metrics as it was: one shared update in flight, then a rendering per request, no gzip. */
function legacyFront(registries: Registries, runner: Runner, app: express.Express): express.Express {
  const front = express();
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
