// The exporter's observation of itself: build info and the health of each collector.
import type { Registers } from './metrics';
import { counter, gauge } from './metrics';

export function selfMetrics(registers: Registers) {
  const labelNames = ['collector'] as const;
  return {
    success: gauge<'collector'>(registers, {
      name: 'hostwatch_collector_success',
      help: "Whether the collector's last update succeeded (1) or its data source failed or is missing on this host (0). One update serves every scrape within a second of the scrape that asked for it.",
      labelNames,
    }),
    duration: gauge<'collector'>(registers, {
      name: 'hostwatch_collector_duration_seconds',
      help: 'Wall time in seconds that the collector took to bring its metrics up to date in its last update.',
      labelNames,
    }),
    errors: counter<'collector'>(registers, {
      name: 'hostwatch_collector_errors_total',
      help: 'Updates of the collector (one per scrape, shared by the scrapes within a second of it) that failed or timed out.',
      labelNames,
    }),
    lastSuccess: gauge<'collector'>(registers, {
      name: 'hostwatch_collector_last_success_timestamp_seconds',
      help: "Unix time in seconds of the collector's last successful update.",
      labelNames,
    }),
    sampleAge: gauge<'collector'>(registers, {
      name: 'hostwatch_collector_last_sample_age_seconds',
      help: 'Seconds since a background sampler (clock, listen probes, sleep probe) last produced a sample, measured on the monotonic clock at the update this scrape is served from (at most a second before the scrape).',
      labelNames,
    }),
  };
}

export type SelfMetrics = ReturnType<typeof selfMetrics>;

type BuildLabels = 'version' | 'platform' | 'arch' | 'node_version';

export function buildInfo(registers: Registers, labels: Record<BuildLabels, string>): void {
  buildInfoGauge(registers).set(labels, 1);
}

export function buildInfoGauge(registers: Registers) {
  return gauge<BuildLabels>(registers, {
    name: 'hostwatch_build_info',
    help: 'Build and runtime of this exporter (version, OS platform, CPU architecture, Node.js version). Always 1.',
    labelNames: ['version', 'platform', 'arch', 'node_version'],
  });
}
