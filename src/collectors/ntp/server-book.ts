// What the collector remembers about each server between rounds, and how a round's
// result becomes metrics: values held while fresh, the kiss-o'-death back-off, and one
// log line per change of state instead of one per round.
import type { Logger } from '../../log';
import type { NtpMetrics } from './metrics';
import { ERROR_REASONS, type NtpServer, type RoundResult, type ServerState } from './types';

/** Values of a server stay exported this many intervals after its last usable reply. */
export const HOLD_INTERVALS = 3;
/** RATE back-off: a server is probed at most this many times less often. */
export const MAX_BACKOFF = 16;
const REFUSALS = ['DENY', 'RSTR'];

export class ServerBook {
  private lastGoodMs: number | undefined;
  private infoLabels: Record<'server' | 'address' | 'reference_id', string> | undefined;
  private backoff = 1;
  private roundsToSkip = 0;
  private refused = false;
  private problem: string | undefined;

  constructor(
    readonly server: NtpServer,
    private readonly metrics: NtpMetrics,
    private readonly logger: Logger,
    private readonly holdMs: number,
  ) {
    const labels = { server: server.label };
    metrics.requests.inc(labels, 0);
    for (const reason of ERROR_REASONS) metrics.errors.inc({ ...labels, reason }, 0);
  }

  /** Whether this round should probe the server (not after DENY/RSTR, not while backing off). */
  due(): boolean {
    if (this.refused) return false;
    if (this.roundsToSkip === 0) return true;
    this.roundsToSkip--;
    return false;
  }

  record(result: RoundResult, nowMs: number): void {
    const m = this.metrics;
    const labels = { server: this.server.label };
    m.requests.inc(labels, result.requests);
    for (const f of result.failures) {
      m.errors.inc({ ...labels, reason: f.reason });
      if (f.kissCode) m.kissOfDeath.inc({ ...labels, code: f.kissCode });
    }
    m.up.set(labels, result.best ? 1 : 0);
    const best = result.best;
    if (best) {
      this.lastGoodMs = nowMs;
      m.offset.set(labels, best.offsetSeconds);
      m.delay.set(labels, best.delaySeconds);
      m.errorBound.set(labels, best.errorBoundSeconds);
      m.rootDelay.set(labels, best.server.rootDelaySeconds);
      m.rootDispersion.set(labels, best.server.rootDispersionSeconds);
      m.lastSuccess.set(labels, Date.now() / 1000);
    } else if (this.lastGoodMs === undefined || nowMs - this.lastGoodMs > this.holdMs) {
      this.forget();
    }
    const said = best?.server ?? result.failures.find((f) => f.server)?.server;
    if (said) this.describe(said, result.address);
    this.backOff(result);
    this.logChange(result);
  }

  private describe(state: ServerState, address: string | undefined): void {
    const labels = { server: this.server.label };
    this.metrics.stratum.set(labels, state.stratum);
    this.metrics.leap.set(labels, state.leap);
    const info = { ...labels, address: address ?? '', reference_id: state.referenceId };
    if (this.infoLabels) this.metrics.info.remove(this.infoLabels);
    this.metrics.info.set(info, 1);
    this.infoLabels = info;
  }

  /** Nothing usable for longer than the hold: the values describe the past, so they go. */
  private forget(): void {
    const labels = { server: this.server.label };
    const m = this.metrics;
    for (const g of [m.offset, m.delay, m.errorBound, m.rootDelay, m.rootDispersion, m.stratum, m.leap]) {
      g.remove(labels);
    }
    if (this.infoLabels) m.info.remove(this.infoLabels);
    this.infoLabels = undefined;
  }

  private backOff(result: RoundResult): void {
    const codes = result.failures.flatMap((f) => (f.kissCode ? [f.kissCode] : []));
    if (codes.some((c) => REFUSALS.includes(c))) {
      this.refused = true;
      this.logger.warn("ntp server refused service (kiss-o'-death); not probed again until restart", {
        collector: 'ntp',
        server: this.server.label,
        code: codes.join(','),
      });
    } else if (codes.includes('RATE')) {
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
      this.roundsToSkip = this.backoff - 1;
    } else if (result.best) {
      this.backoff = 1;
    }
  }

  private logChange(result: RoundResult): void {
    const fields = { collector: 'ntp', server: this.server.label };
    if (result.best) {
      if (this.problem !== undefined) this.logger.info('ntp server answers again', fields);
      this.problem = undefined;
      return;
    }
    const problem = [...new Set(result.failures.map((f) => f.detail))].join('; ') || 'no request sent';
    if (problem !== this.problem) this.logger.warn('ntp server gave no usable reply', { ...fields, problem });
    this.problem = problem;
  }
}
