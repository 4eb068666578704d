// The explicit map of collectors: no side-effect registration. Adding a collector is one
// line here and one folder under src/collectors/.
import type { CollectorDefinition } from './types';
import { clockCollector } from './clock';

export const COLLECTORS: readonly CollectorDefinition[] = [clockCollector] as CollectorDefinition[];

export function collectorNames(): string[] {
  return COLLECTORS.map((c) => c.name);
}
