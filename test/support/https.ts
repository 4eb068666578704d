// One HTTPS request to the exporter on loopback, with the CA to trust and, when the test
// wants one, a client certificate; what came back (or why the connection failed) and the
// certificate the server presented. A fresh connection each time unless an agent is given,
// so that a reloaded web config is what answers.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { KeyPair } from './certs';

export interface HttpsAnswer {
  readonly status: number;
  readonly body: string;
  /** The CN of the certificate the server presented. */
  readonly serverName: string | undefined;
  /** The request went over a connection already open (keep-alive). */
  readonly reused: boolean;
}

export interface HttpsCall {
  readonly ca: string;
  readonly client?: KeyPair;
  readonly headers?: Record<string, string>;
  readonly agent?: Agent;
}

export function httpsGet(port: number, path: string, call: HttpsCall): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        ca: readFileSync(call.ca),
        ...(call.client ? { cert: readFileSync(call.client.cert), key: readFileSync(call.client.key) } : {}),
        headers: call.headers ?? {},
        agent: call.agent ?? false,
      },
      (res) => {
        const socket = res.socket as TLSSocket;
        const cn = socket.getPeerCertificate().subject?.CN;
        const serverName = Array.isArray(cn) ? cn.join(',') : cn;
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, serverName, reused: req.reusedSocket }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The error a request ended with, or undefined when it was answered. */
export async function refusal(answer: Promise<HttpsAnswer>): Promise<string | undefined> {
  try {
    const a = await answer;
    return a.status === 0 ? 'no status' : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const basicAuth = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
