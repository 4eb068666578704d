// The listen collector: probes socket/bind/listen/connect/accept on the host in the
// background, on the probe thread (src/runtime/probe-thread.ts), so a bind() that never
// returns blocks only its own target and never /metrics. A probe outliving its timeout
// counts as a timeout, marks the target blocked until the OS call returns, and its late
// result is recorded once. This file holds the options and schedules the probes;
// recorder.ts turns their outcomes into metrics and log lines.
import { duration, structured, type OptionValues } from '../../config/options';
import { defineCollector, type Collector, type CollectorContext, type CollectorRoute } from '../types';
import { hasIpv6Loopback, INTERVAL, resolveTargets, targetsSchema, TIMEOUT } from './config';
import { probeRoute } from './endpoint';
import { listenMetrics } from './metrics';
import { ProbeRecorder } from './recorder';
import { Pacer } from '../../runtime/pacer';
import { firstDelaySeconds, nextDelaySeconds } from './schedule';
import { ProbeSlot } from './slot';
import type { ListenTarget, ProbeOutcome } from './types';

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
    schema: targetsSchema,
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
  private readonly recorder: ProbeRecorder;
  private readonly slots = new Map<string, ProbeSlot>();
  private readonly pacers = new Map<string, Pacer>();
  /** performance.now() of each target's last finished probe. */
  private readonly lastSampleMs = new Map<string, number>();
  private lastError: Error | undefined;

  constructor(
    private readonly ctx: CollectorContext,
    options: ListenOptions,
  ) {
    this.targets = listenTargets(options);
    this.recorder = new ProbeRecorder(listenMetrics(ctx.registers), ctx.logger);
    for (const t of this.targets) {
      this.slots.set(t.name, new ProbeSlot(t, (late) => this.recorder.late(t, late), ctx.probeThread));
      this.recorder.describe(t);
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
    for (const t of this.targets) this.recorder.showBlocked(t, this.slots.get(t.name)?.blockedSeconds());
    if (this.lastError) throw this.lastError;
  }

  routes(): readonly CollectorRoute[] {
    return [probeRoute(this.targets, this.slots, this.ctx.logger)];
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
    if (outcome.kind === 'timeout') this.recorder.timeout(t);
    else this.recorder.result(t, outcome.result);
    this.lastSampleMs.set(t.name, performance.now());
  }
}
