// GET /probe?target=NAME in the blackbox_exporter style: runs one probe of a configured
// target now and answers probe_* metrics for that run only. Only configured names are
// accepted, so nobody can make the exporter bind an address or port of their choosing.
// The deadline is X-Prometheus-Scrape-Timeout-Seconds minus a margin, capped by the
// target timeout. On-demand runs are not counted in hostwatch_listen_*, so those rates
// do not depend on who calls /probe; a run that blocks does block its target.
import { Gauge, Registry } from 'prom-client';
import type { CollectorRoute, RouteRequest, RouteResponse } from '../types';
import { probeDeadlineSeconds } from './schedule';
import type { ProbeSlot } from './slot';
import type { ListenTarget, ProbeOutcome } from './types';

/** Left for the HTTP round trip and the scrape itself, as blackbox_exporter does. */
const DEADLINE_MARGIN_SECONDS = 0.5;

export function probeRoute(
  targets: readonly ListenTarget[],
  slots: ReadonlyMap<string, ProbeSlot>,
): CollectorRoute {
  const names = targets.map((t) => t.name);
  const badRequest = (message: string): RouteResponse => ({
    status: 400,
    contentType: 'text/plain',
    body: `${message}\n`,
  });
  return {
    path: '/probe',
    async handle(request: RouteRequest): Promise<RouteResponse> {
      const name = request.query['target'];
      if (typeof name !== 'string' || name === '') {
        return badRequest(
          `missing ?target=; accepted: one of the configured listen targets (${names.join(', ')})`,
        );
      }
      const target = targets.find((t) => t.name === name);
      const slot = slots.get(name);
      if (!target || !slot) {
        return badRequest(
          `unknown target "${name}"; accepted: one of the configured listen targets (${names.join(', ')})`,
        );
      }
      const header = request.header('X-Prometheus-Scrape-Timeout-Seconds');
      const deadline = probeDeadlineSeconds(header, target.timeoutSeconds, DEADLINE_MARGIN_SECONDS);
      if (deadline instanceof Error) return badRequest(deadline.message);
      const started = performance.now();
      let outcome: ProbeOutcome;
      try {
        outcome = await slot.run(deadline, 'probe');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { status: 500, contentType: 'text/plain', body: `probe failed to run: ${reason}\n` };
      }
      const body = await renderOutcome(outcome, (performance.now() - started) / 1000, deadline);
      return { status: 200, contentType: Registry.PROMETHEUS_CONTENT_TYPE, body };
    },
  };
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
