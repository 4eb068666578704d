// The topology collector: processor groups, NUMA nodes, packages, cores and logical
// processors, and what a default process may use. Read at start and re-read on a slow
// schedule (processor hot-add is rare); a scrape only publishes the last reading.
import { duration, type OptionValues } from '../../config/options';
import { backendFor, type Platform } from '../../platform';
import { setOrAbsent } from '../../runtime/metrics';
import { defineCollector, type Collector, type CollectorContext } from '../types';
import { linuxTopologyBackend } from './linux';
import { topologyMetrics, type TopologyMetrics } from './metrics';
import { numaNodeCount, type Topology, type TopologyBackend } from './types';
import { windowsTopologyBackend } from './windows';

const topologyOptions = {
  refresh_interval: duration({
    default: 300,
    min: 10,
    max: 86400,
    help: 'How often the processor topology is read again (it changes only on processor hot-add or removal).',
  }),
};

type TopologyOptions = OptionValues<typeof topologyOptions>;

export const topologyCollector = defineCollector({
  name: 'topology',
  description:
    'Processor groups, NUMA nodes, packages, cores and logical processors, and the groups a process may use.',
  platforms: ['linux', 'windows'],
  options: topologyOptions,
  metrics: topologyMetrics,
  create: (ctx, options) => new TopologyCollector(ctx, options),
});

/** The topology reader of this OS (also what `check` reports). */
export function topologyBackend(platform: Platform): TopologyBackend {
  return backendFor('topology', { linux: linuxTopologyBackend, windows: windowsTopologyBackend }, platform);
}

class TopologyCollector implements Collector {
  private readonly backend: TopologyBackend;
  private readonly metrics: TopologyMetrics;
  private timer: NodeJS.Timeout | undefined;
  private topology: Topology | undefined;
  private lastError: Error | undefined;
  private attempted = false;

  constructor(
    private readonly ctx: CollectorContext,
    private readonly options: TopologyOptions,
  ) {
    this.backend = topologyBackend(ctx.platform);
    this.metrics = topologyMetrics(ctx.registers);
  }

  start(): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.options.refresh_interval * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  isReady(): boolean {
    return this.attempted;
  }

  update(): void {
    if (this.lastError) throw this.lastError;
    if (!this.topology) throw new Error('no topology reading yet');
  }

  private refresh(): void {
    try {
      const topology = this.backend.read();
      if (this.topology === undefined) {
        this.ctx.logger.info('processor topology', { collector: 'topology', ...summary(topology) });
      }
      this.topology = topology;
      this.publish(topology);
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
    }
    this.attempted = true;
  }

  private publish(t: Topology): void {
    const m = this.metrics;
    m.groups.set(t.activeGroups);
    m.groupProcessors.reset();
    for (const g of t.groups) {
      m.groupProcessors.set({ group: String(g.group), state: 'active' }, g.active);
      m.groupProcessors.set({ group: String(g.group), state: 'maximum' }, g.maximum);
    }
    setOrAbsent(m.numaNodes, numaNodeCount(t.numa));
    m.numaProcessors.reset();
    for (const n of t.numa ?? []) {
      m.numaProcessors.set({ node: String(n.node), group: String(n.group) }, n.logicalProcessors);
    }
    m.packages.set(t.packages);
    m.cores.set(t.cores);
    m.logicalProcessors.set(t.logicalProcessors);
    setOrAbsent(m.groupsAllowed, t.groupsAllowed);
    setOrAbsent(m.affinity, t.processAffinity);
  }
}

function summary(t: Topology): Record<string, number | string | undefined> {
  return {
    groups: t.activeGroups,
    numa_nodes: numaNodeCount(t.numa),
    packages: t.packages,
    cores: t.cores,
    logical_processors: t.logicalProcessors,
    groups_allowed: t.groupsAllowed,
    groups_allowed_method: t.groupsAllowedMethod,
  };
}
