// What every request passes before any route, the fast path (fast-path.ts) included: the
// web config's headers, its rate limit and basic auth, the bound on requests served at
// once (--web.max-requests) and the refusal of request bodies (no route takes one).
// Answers are short plain-text sentences: nothing about the host, no stack, no path.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import type { WebSettings } from './web/settings';

/** Health checks are answered however busy the exporter is, so a probe never restarts it. */
const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);

export interface GuardOptions {
  /** Requests served at once beyond which a request gets 503; 0: no bound. */
  readonly maxRequests: number;
  /** The web config in force (it may be reloaded), or undefined without --web.config.file. */
  readonly web: () => WebSettings | undefined;
  readonly logger: Logger;
}

export interface Guard {
  readonly listener: RequestListener;
  /** Requests being served now, for tests and the soak. */
  inFlight(): number;
}

export function guard(next: RequestListener, options: GuardOptions): Guard {
  let inFlight = 0;
  const release = () => inFlight--; // one function for every request, not one each
  const listener: RequestListener = (req, res) => {
    const web = options.web();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const headers = web?.config.headers;
    if (headers) for (const name in headers) res.setHeader(name, headers[name] as string);
    if (web?.limiter && !web.limiter.allow())
      return refuse(res, 429, 'too many requests', { 'Retry-After': '1' });
    const limited = options.maxRequests > 0 && !UNLIMITED_PATHS.has(pathOf(req));
    if (limited && inFlight >= options.maxRequests) {
      return refuse(res, 503, `more than ${options.maxRequests} requests at once; try again`, {
        'Retry-After': '1',
      });
    }
    if (limited) {
      inFlight++;
      res.once('close', release);
    }
    if (!web?.auth) return admit(req, res, next);
    web.auth.allows(req.headers.authorization).then(
      (allowed) => {
        if (allowed) return admit(req, res, next);
        refuse(res, 401, 'unauthorized', { 'WWW-Authenticate': 'Basic' });
      },
      (error: unknown) => {
        options.logger.error('basic auth check failed', { err: String(error) });
        refuse(res, 500, 'internal error');
      },
    );
  };
  return { listener, inFlight: () => inFlight };
}

function admit(req: IncomingMessage, res: ServerResponse, next: RequestListener): void {
  if (hasBody(req)) {
    // Not read: the connection closes after the answer instead.
    return refuse(res, 413, 'request body not accepted', { Connection: 'close' });
  }
  next(req, res);
}

/** A body is announced by a non-zero Content-Length or by Transfer-Encoding (chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export function refuse(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

/** The path of a request without its query; no allocation when there is no query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
