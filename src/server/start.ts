// Puts the HTTP surface on the network: the request listener (fast-path.ts, then app.ts)
// behind the guard (guard.ts), on an HTTP or HTTPS server with its limits (listener.ts),
// and the web config file watched for changes (web/watcher.ts).
import type { RequestListener, Server } from 'node:http';
import { parseListenAddress } from '../config/address';
import type { Config } from '../config/schema';
import type { Logger } from '../log';
import { guard } from './guard';
import { createListener } from './listener';
import type { WebSettings } from './web/settings';
import { WebConfigWatcher } from './web/watcher';

export interface HttpSurface {
  readonly server: Server;
  /** Requests being served now (the guard's count). */
  inFlight(): number;
  /** Stops watching the web config file; the server is closed by its owner. */
  stopWatching(): void;
}

export async function startHttp(
  listener: RequestListener,
  web: Config['web'],
  initial: WebSettings | undefined,
  logger: Logger,
): Promise<HttpSurface> {
  const address = parseListenAddress(web.listen_address);
  if (!address) throw new Error(`bad listen address ${web.listen_address}`);
  let settings = initial;
  const gate = guard(listener, { maxRequests: web.max_requests, web: () => settings, logger });
  const limits = {
    headerTimeoutSeconds: web.header_timeout,
    requestTimeoutSeconds: web.request_timeout,
    maxHeaderBytes: web.max_header_bytes,
  };
  const { server, applyTls } = createListener(gate.listener, limits, initial?.tls, logger);
  const watcher =
    initial &&
    new WebConfigWatcher(
      initial,
      (next) => {
        if (next.tls) applyTls(next.tls);
        settings = next;
      },
      logger,
    );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host ?? '', () => {
      server.off('error', reject);
      resolve();
    });
  });
  watcher?.start();
  return { server, inFlight: gate.inFlight, stopWatching: () => watcher?.stop() };
}
