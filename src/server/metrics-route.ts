// GET /metrics: negotiates the format (Accept) and the encoding (Accept-Encoding), and
// sends the shared exposition (exposition.ts) as it is: no per-request rendering,
// compression or ETag. Vary names both headers, so a cache between Prometheus and the
// exporter never hands gzip to a client that did not ask for it.
import type { Request, Response } from 'express';
import type { ExpositionCache } from './exposition';
import { chooseEncoding, chooseFormat } from './negotiate';

export function metricsRoute(cache: ExpositionCache) {
  return async (req: Request, res: Response): Promise<void> => {
    const format = chooseFormat(req.get('accept'));
    const exposition = await cache.get(format, chooseEncoding(req.get('accept-encoding')));
    const headers: Record<string, string | number> = {
      'Content-Type': exposition.contentType,
      'Content-Length': exposition.body.length,
      Vary: 'Accept, Accept-Encoding',
    };
    if (exposition.encoding === 'gzip') headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, headers).end(exposition.body);
  };
}
