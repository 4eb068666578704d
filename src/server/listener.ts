// The exporter's HTTP or HTTPS server with its limits: how long a client may take to send
// its headers (and to finish a TLS handshake) and its whole request, and how large the
// headers may be. With TLS, a reload swaps the certificate and the client policy in place
// (setSecureContext): the listening socket is never closed, and connections already open
// keep the settings they were made with.
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../log';
import { clientRefusal, type TlsSettings } from './web/tls';

export interface ListenerLimits {
  readonly headerTimeoutSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly maxHeaderBytes: number;
}

export interface Listener {
  readonly server: Server;
  /** Applies reloaded TLS settings to connections made from now on. */
  applyTls(next: TlsSettings): void;
}

export function createListener(
  handler: RequestListener,
  limits: ListenerLimits,
  tls: TlsSettings | undefined,
  logger: Logger,
): Listener {
  const options = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headerTimeoutSeconds * 1000,
    requestTimeout: limits.requestTimeoutSeconds * 1000,
    // Node checks both timeouts this often (30 s by default): a tenth of the shorter one.
    connectionsCheckingInterval: Math.max(100, (limits.headerTimeoutSeconds * 1000) / 10),
  };
  if (!tls) return { server: createHttpServer(options, handler), applyTls: () => undefined };
  let current = tls;
  const server = createHttpsServer(
    {
      ...options,
      ...tls.context,
      requestCert: tls.requestCert,
      rejectUnauthorized: tls.rejectUnauthorized,
      handshakeTimeout: limits.headerTimeoutSeconds * 1000,
    },
    handler,
  );
  // Before the HTTP layer sees the connection: close it if the policy refuses the client.
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const refusal = clientRefusal(current, peerOf(socket));
    if (refusal === undefined) return;
    logger.debug('TLS client refused', { reason: refusal, remote: socket.remoteAddress });
    socket.destroy();
  });
  server.on('tlsClientError', (error, socket) => {
    logger.debug('TLS handshake failed', { err: error.message, remote: socket.remoteAddress });
  });
  const applyTls = (next: TlsSettings) => {
    server.setSecureContext(next.context);
    Object.assign(server, { requestCert: next.requestCert, rejectUnauthorized: next.rejectUnauthorized });
    current = next;
  };
  return { server, applyTls };
}

function peerOf(socket: TLSSocket) {
  const cert = socket.getPeerX509Certificate();
  return { present: cert !== undefined, authorized: socket.authorized, subjectAltName: cert?.subjectAltName };
}
