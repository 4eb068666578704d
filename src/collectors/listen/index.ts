// The listen collector: probes socket/bind/listen/connect/accept on the host in the
// background, on the probe thread (src/runtime/probe-thread.ts), so a bind() that never
// returns blocks only its own target and never /metrics. A probe outliving its timeout counts as a timeout,
// marks the target blocked until the OS call returns, and its late result is recorded once.
import type { z } from 'zod';
import { duration, structured, type OptionValues } from '../../config/options';
import { defineCollector, type Collector, type CollectorContext, type CollectorRoute } from '../types';
import { hasIpv6Loopback, INTERVAL, resolveTargets, targetsSchema, TIMEOUT, type RawTarget } from './config';
import { probeRoute } from './endpoint';
import { listenMetrics, type ListenMetrics } from './metrics';
import { Pacer } from '../../runtime/pacer';
import { firstDelaySeconds, nextDelaySeconds } from './schedule';
import { ProbeSlot, type LateReply } from './slot';
import type { ListenTarget, ProbeOutcome, ProbeResult } from './types';

const listenOptions = {
  interval: duration({
    default: 15,
    ...INTERVAL,
    help: 'How often each listen target is probed (each run is jittered by up to 10%), unless the target sets its own.',
  }),
  probe_timeout: duration({
    default: 2,
    ...TIMEOUT,
    help: 'How long a probe may take before it counts as a timeout and its target as blocked, unless the target sets its own.',
  }),
  targets: structured({
    schema: targetsSchema as unknown as z.ZodType<RawTarget[] | undefined>,
    help: 'Probe targets (config file only). Without it: 127.0.0.1 port 0 and, where the host has IPv6 loopback, ::1 port 0.',
    accepts:
      'a non-empty list of {name, address (IP literal), port (0-65535), interval, timeout, expect (free or in_use_ok)}',
  }),
};

export type ListenOptions = OptionValues<typeof listenOptions>;

/** The targets the options name, or the loopback defaults (also what `check` probes). */
export function listenTargets(options: ListenOptions): ListenTarget[] {
  return resolveTargets(options, hasIpv6Loopback());
}

export const listenCollector = defineCollector({
  name: 'listen',
  description:
    'How long socket/bind/listen/connect/accept take on this host, and listens that fail or block.',
  platforms: ['linux', 'windows'],
  options: listenOptions,
  metrics: listenMetrics,
  create: (ctx, options) => new ListenCollector(ctx, options),
});

class ListenCollector implements Collector {
  private readonly targets: ListenTarget[];
  private readonly metrics: ListenMetrics;
  private readonly slots = new Map<string, ProbeSlot>();
  private readonly pacers = new Map<string, Pacer>();
  /** performance.now() of each target's last finished probe. */
  private readonly lastSampleMs = new Map<string, number>();
  /** Last failure per target, logged once per change. */
  private readonly lastCode = new Map<string, string>();
  private lastError: Error | undefined;

  constructor(
    private readonly ctx: CollectorContext,
    options: ListenOptions,
  ) {
    this.targets = listenTargets(options);
    this.metrics = listenMetrics(ctx.registers);
    for (const t of this.targets) {
      this.slots.set(t.name, new ProbeSlot(t, (late) => this.recordLate(t, late), ctx.probeThread));
      this.describe(t);
    }
  }

  start(): void {
    for (const t of this.targets) {
      void this.probeOnce(t);
      const pacer = new Pacer(
        () => void this.probeOnce(t),
        () => nextDelaySeconds(t.intervalSeconds, Math.random()) * 1000,
      );
      pacer.start(firstDelaySeconds(t.intervalSeconds, Math.random()) * 1000);
      this.pacers.set(t.name, pacer);
    }
  }

  async stop(): Promise<void> {
    for (const pacer of this.pacers.values()) pacer.stop();
    await Promise.all([...this.slots.values()].map((slot) => slot.stop()));
  }

  isReady(): boolean {
    return this.lastError !== undefined || this.targets.every((t) => this.lastSampleMs.has(t.name));
  }

  lastSampleAgeSeconds(): number | undefined {
    if (this.lastSampleMs.size < this.targets.length) return undefined;
    return (performance.now() - Math.min(...this.lastSampleMs.values())) / 1000;
  }

  update(): void {
    for (const t of this.targets) {
      const age = this.slots.get(t.name)?.blockedSeconds();
      this.metrics.blocked.set({ target: t.name }, age === undefined ? 0 : 1);
      this.metrics.blockedSeconds.set({ target: t.name }, age ?? 0);
    }
    if (this.lastError) throw this.lastError;
  }

  routes(): readonly CollectorRoute[] {
    return [probeRoute(this.targets, this.slots, this.ctx.logger)];
  }

  private describe(t: ListenTarget): void {
    const m = this.metrics;
    const target = t.name;
    m.targetInfo.set({ target, address: t.address, port: String(t.port), expect: t.expect }, 1);
    m.timeout.set({ target }, t.timeoutSeconds);
    m.blocked.set({ target }, 0);
    m.blockedSeconds.set({ target }, 0);
    for (const result of ['success', 'error', 'timeout']) m.probes.inc({ target, result }, 0);
  }

  private async probeOnce(t: ListenTarget): Promise<void> {
    const slot = this.slots.get(t.name) as ProbeSlot;
    // A scheduled probe never queues behind another run of its target (one in flight,
    // a blocked one, or an on-demand /probe): it would only measure the wait. Skipped.
    if (slot.busy()) return;
    let outcome: ProbeOutcome;
    try {
      outcome = await slot.run(t.timeoutSeconds, 'schedule');
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
      return;
    }
    if (outcome.kind === 'blocked') return; // not stacked; the blocked gauges say why
    if (outcome.kind === 'timeout') {
      this.metrics.probes.inc({ target: t.name, result: 'timeout' });
      this.metrics.up.set({ target: t.name }, 0);
      this.metrics.blocked.set({ target: t.name }, 1);
      this.ctx.logger.warn('listen probe outlived its timeout; target blocked', {
        collector: 'listen',
        target: t.name,
        timeout_seconds: t.timeoutSeconds,
      });
    } else this.record(t, outcome.result);
    this.lastSampleMs.set(t.name, performance.now());
  }

  private record(t: ListenTarget, result: ProbeResult): void {
    const target = t.name;
    this.observe(t, result);
    this.metrics.probes.inc({ target, result: result.failure ? 'error' : 'success' });
    this.metrics.up.set({ target }, result.failure ? 0 : 1);
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
      this.ctx.logger.warn('listen probe failed', {
        collector: 'listen',
        target,
        phase: f.phase,
        code: f.code,
        os_code: f.osCode,
      });
    }
  }

  /** A blocked probe returned: unblock, and record what it measured once. */
  private recordLate(t: ListenTarget, late: LateReply): void {
    this.metrics.blocked.set({ target: t.name }, 0);
    this.metrics.blockedSeconds.set({ target: t.name }, 0);
    this.ctx.logger.warn('blocked listen probe returned', {
      collector: 'listen',
      target: t.name,
      origin: late.origin,
      age_seconds: Number(late.ageSeconds.toFixed(3)),
      code: late.result?.failure?.code ?? (late.error ? 'worker_error' : 'ok'),
    });
    if (late.origin === 'schedule' && late.result) this.observe(t, late.result);
  }
}
