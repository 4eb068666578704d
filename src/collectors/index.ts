// The explicit map of collectors: no side-effect registration. Adding a collector is one
// line here and one folder under src/collectors/.
import type { CollectorDefinition } from './types';
import { clockCollector } from './clock';
import { listenCollector } from './listen';
import { ntpCollector } from './ntp';
import { servicesCollector } from './services';
import { timerCollector } from './timer';
import { timesyncCollector } from './timesync';
import { topologyCollector } from './topology';

export const COLLECTORS: readonly CollectorDefinition[] = [
  clockCollector,
  timesyncCollector,
  listenCollector,
  servicesCollector,
  topologyCollector,
  timerCollector,
  ntpCollector,
] as CollectorDefinition[];

export function collectorNames(): string[] {
  return COLLECTORS.map((c) => c.name);
}
