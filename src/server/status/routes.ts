// The status page's routes, mounted by app.ts: `/`, the history as JSON and the page's
// static files. Tables are rendered after the same collector update /metrics runs, so they
// show what a scrape at that moment would.
import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';
import type { Runner } from '../../runtime/runner';
import { asset, ASSET_PATHS } from './assets';
import type { Sample } from './history';
import { HISTORY_PATH, statusPage, type StatusInfo } from './page';
import type { HistoryRecorder } from './recorder';
import { statusTables } from './tables';

/**
 * Same origin only, no inline script or style: whatever the host says stays text. Never
 * framed (clickjacking), and no Referer to other sites.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const HTML_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface StatusOptions {
  readonly registry: Registry;
  readonly runner: Runner;
  readonly history: HistoryRecorder;
  readonly info: Omit<StatusInfo, 'collectors'>;
}

type Handler = (req: Request, res: Response) => unknown;

export function statusRoutes(options: StatusOptions): Record<string, Handler> {
  const routes: Record<string, Handler> = {
    '/': async (_req, res) => {
      await options.runner.update();
      const families = new Map<string, readonly Sample[]>();
      for (const m of await options.registry.getMetricsAsJSON()) families.set(m.name, m.values as Sample[]);
      const page = statusPage({ ...options.info, collectors: options.runner.names }, statusTables(families));
      res.set(HTML_HEADERS).type('html').send(page);
    },
    [HISTORY_PATH]: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(options.history.toJSON());
    },
  };
  for (const path of ASSET_PATHS) {
    routes[path] = (_req, res) => {
      const { contentType, body } = asset(path);
      res.set('X-Content-Type-Options', 'nosniff').type(contentType).send(body);
    };
  }
  return routes;
}

/** Paths the status page owns; the telemetry path may not be one of them. */
export const STATUS_PATHS = ['/', HISTORY_PATH, ...ASSET_PATHS];
