// GET /probe?target=NAME in the blackbox_exporter style: runs one probe of a configured
// target now and answers probe_* metrics for that run only. Only configured names are
// accepted, so nobody can make the exporter bind an address or port of their choosing.
// The deadline is X-Prometheus-Scrape-Timeout-Seconds minus a margin, capped by the
// target timeout. On-demand runs are not counted in hostwatch_listen_*, so those rates
// do not depend on who calls /probe; a run that blocks does block its target. Any query
// parameter but target is refused.
import { Gauge, Registry } from 'prom-client';
import { SCRAPE_TIMEOUT_HEADER, SCRAPE_TIMEOUT_MARGIN_SECONDS } from '../../runtime/scrape-timeout';
import type { Logger } from '../../log';
import type { CollectorRoute, RouteRequest, RouteResponse } from '../types';
import { probeDeadlineSeconds } from './schedule';
import type { ProbeSlot } from './slot';
import type { ListenTarget, ProbeOutcome } from './types';

/** The only query parameter /probe takes; any other is refused, not ignored. */
const PARAMETERS = ['target'];

export function probeRoute(
  targets: readonly ListenTarget[],
  slots: ReadonlyMap<string, ProbeSlot>,
  logger: Logger,
): CollectorRoute {
  const names = targets.map((t) => t.name).join(', ');
  return {
    path: '/probe',
    async handle(request: RouteRequest): Promise<RouteResponse> {
      const unknown = Object.keys(request.query).find((key) => !PARAMETERS.includes(key));
      if (unknown !== undefined) {
        return badRequest(`unknown query parameter "${unknown}"; accepted: ${PARAMETERS.join(', ')}`);
      }
      const name = request.query['target'];
      if (typeof name !== 'string' || name === '') {
        const what = Array.isArray(name) ? `target given ${name.length} times` : 'missing ?target=';
        return badRequest(`${what}; accepted: one of the configured listen targets (${names})`);
      }
      const target = targets.find((t) => t.name === name);
      const slot = slots.get(name);
      if (!target || !slot) {
        return badRequest(
          `unknown target "${name}"; accepted: one of the configured listen targets (${names})`,
        );
      }
      const header = request.header(SCRAPE_TIMEOUT_HEADER);
      const deadline = probeDeadlineSeconds(header, target.timeoutSeconds, SCRAPE_TIMEOUT_MARGIN_SECONDS);
      if (deadline instanceof Error) return badRequest(deadline.message);
      return runProbe(slot, deadline, name, logger);
    },
  };
}

async function runProbe(
  slot: ProbeSlot,
  deadline: number,
  target: string,
  logger: Logger,
): Promise<RouteResponse> {
  const started = performance.now();
  let outcome: ProbeOutcome;
  try {
    outcome = await slot.run(deadline, 'probe');
  } catch (error) {
    // The reason goes to the log: it may name files of the host, which clients never see.
    logger.error('listen probe failed to run', { collector: 'listen', target, err: String(error) });
    return { status: 500, contentType: 'text/plain', body: 'probe failed to run; see the exporter log\n' };
  }
  const body = await renderOutcome(outcome, (performance.now() - started) / 1000, deadline);
  return { status: 200, contentType: Registry.PROMETHEUS_CONTENT_TYPE, body };
}

function badRequest(message: string): RouteResponse {
  return { status: 400, contentType: 'text/plain', body: `${message}\n` };
}

async function renderOutcome(outcome: ProbeOutcome, seconds: number, deadline: number): Promise<string> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const result = outcome.kind === 'done' ? outcome.result : undefined;
  const success = result !== undefined && result.failure === undefined;
  gauge('probe_success', 'Whether the listen probe succeeded (1) or not (0).').set(success ? 1 : 0);
  gauge('probe_duration_seconds', 'Seconds the probe took, as seen by the exporter.').set(seconds);
  gauge('probe_listen_deadline_seconds', 'Deadline in seconds applied to this probe.').set(deadline);
  gauge('probe_listen_timed_out', 'Whether the probe outlived its deadline (1) or not (0).').set(
    outcome.kind === 'timeout' ? 1 : 0,
  );
  gauge('probe_listen_blocked', 'Whether the target was blocked by an earlier probe, so none ran (1).').set(
    outcome.kind === 'blocked' ? 1 : 0,
  );
  if (result) {
    const phases = gauge('probe_listen_duration_seconds', 'Seconds each phase of the probe took.', ['phase']);
    for (const [phase, value] of Object.entries(result.durations)) phases.set({ phase }, value);
    if (result.failure) {
      gauge('probe_listen_error_info', 'The OS error code the probe failed with. Always 1.', [
        'code',
        'phase',
      ]).set({ code: result.failure.code, phase: result.failure.phase }, 1);
    }
  }
  return registry.metrics();
}
