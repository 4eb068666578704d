// What the listen collector shows of each target's probes: the metrics a scheduled probe,
// a timeout, a blocked target and a late return set, and the log lines (a failure once per
// change of code, a timeout and a late return each time). The scheduling is index.ts's.
import type { Logger } from '../../log';
import type { ListenMetrics } from './metrics';
import type { LateReply } from './slot';
import type { ListenTarget, ProbeResult } from './types';

export class ProbeRecorder {
  /** Last failure code per target ("ok" once it succeeds), so a failure is logged once. */
  private readonly lastCode = new Map<string, string>();

  constructor(
    private readonly metrics: ListenMetrics,
    private readonly logger: Logger,
  ) {}

  /** The target's constant series, and its counters at 0 so rates start at its first probe. */
  describe(t: ListenTarget): void {
    const m = this.metrics;
    const target = t.name;
    m.targetInfo.set({ target, address: t.address, port: String(t.port), expect: t.expect }, 1);
    m.timeout.set({ target }, t.timeoutSeconds);
    this.showBlocked(t, undefined);
    for (const result of ['success', 'error', 'timeout']) m.probes.inc({ target, result }, 0);
  }

  /** The blocked gauges: the age of the probe still inside the OS, or undefined for none. */
  showBlocked(t: ListenTarget, blockedSeconds: number | undefined): void {
    this.metrics.blocked.set({ target: t.name }, blockedSeconds === undefined ? 0 : 1);
    this.metrics.blockedSeconds.set({ target: t.name }, blockedSeconds ?? 0);
  }

  /** A scheduled probe that returned within its timeout. */
  result(t: ListenTarget, result: ProbeResult): void {
    const target = t.name;
    this.observe(t, result);
    this.metrics.probes.inc({ target, result: result.failure ? 'error' : 'success' });
    this.metrics.up.set({ target }, result.failure ? 0 : 1);
  }

  /** A scheduled probe that outlived its timeout: the target is blocked until it returns. */
  timeout(t: ListenTarget): void {
    this.metrics.probes.inc({ target: t.name, result: 'timeout' });
    this.metrics.up.set({ target: t.name }, 0);
    this.metrics.blocked.set({ target: t.name }, 1);
    this.logger.warn('listen probe outlived its timeout; target blocked', {
      collector: 'listen',
      target: t.name,
      timeout_seconds: t.timeoutSeconds,
    });
  }

  /** A blocked probe returned: unblock, and record what a scheduled one measured, once. */
  late(t: ListenTarget, late: LateReply): void {
    this.showBlocked(t, undefined);
    this.logger.warn('blocked listen probe returned', {
      collector: 'listen',
      target: t.name,
      origin: late.origin,
      age_seconds: Number(late.ageSeconds.toFixed(3)),
      code: late.result?.failure?.code ?? (late.error ? 'worker_error' : 'ok'),
    });
    if (late.origin === 'schedule' && late.result) this.observe(t, late.result);
  }

  /** Phase timings and the error code: recorded for every returned probe, late or not. */
  private observe(t: ListenTarget, result: ProbeResult): void {
    const target = t.name;
    for (const [phase, seconds] of Object.entries(result.durations)) {
      this.metrics.duration.observe({ target, phase }, seconds);
    }
    const f = result.failure;
    if (f) this.metrics.errors.inc({ target, code: f.code });
    const code = f ? f.code : 'ok';
    if (this.lastCode.get(target) === code) return;
    this.lastCode.set(target, code);
    if (f) {
      this.logger.warn('listen probe failed', {
        collector: 'listen',
        target,
        phase: f.phase,
        code: f.code,
        os_code: f.osCode,
      });
    }
  }
}
