// /healthz and /readyz: what they answer, in one place for both ways in. The fast path
// (fast-path.ts) sends it itself; express (app.ts) sends it for the spellings only its
// routing matches (a trailing slash, another case). Both send the same status, body and
// headers (test/unit/fast-path.test.ts compares them byte for byte).
import type { ServerResponse } from 'node:http';
import type { Runner } from '../runtime/runner';

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';

export interface HealthAnswer {
  readonly status: number;
  readonly text: string;
}

/** What the kubelet's readiness probe needs of the runner. */
export type Readiness = Pick<Runner, 'isReady' | 'pending'>;

/** 200 while the process serves. */
export function healthAnswer(): HealthAnswer {
  return { status: 200, text: 'OK\n' };
}

/** 200 once every collector has sampled (or reported that it cannot); 503 naming the others. */
export function readinessAnswer(runner: Readiness): HealthAnswer {
  if (runner.isReady()) return { status: 200, text: 'ready\n' };
  return { status: 503, text: `not ready: waiting for ${runner.pending().join(', ')}\n` };
}

/** The answer as express's res.type('text/plain').send() writes it (HEAD: node:http sends no body). */
export function sendHealthAnswer(res: ServerResponse, answer: HealthAnswer): void {
  res
    .writeHead(answer.status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(answer.text),
    })
    .end(answer.text);
}
