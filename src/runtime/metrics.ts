// Small helpers over prom-client. A family can be fed by several collectors (clock steps
// come from the sampler, the kernel and the event log), so families are fetched from the
// registry when they already exist instead of being registered twice.
import { Counter, Gauge, Histogram, type Registry, type RegistryContentType } from 'prom-client';

interface Family<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/** Every metric is registered in the 0.0.4 registry and the OpenMetrics one. */
export type Registers = Registry<RegistryContentType>[];

function existing<T>(registers: Registers, name: string): T | undefined {
  return registers[0]?.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string = string>(registers: Registers, family: Family<L>): Counter<L> {
  return (
    existing<Counter<L>>(registers, family.name) ??
    new Counter<L>({ ...family, labelNames: family.labelNames ?? [], registers })
  );
}

/** Unlabelled gauges start absent, not at prom-client's 0, until a value is known. */
export function gauge<L extends string = string>(registers: Registers, family: Family<L>): Gauge<L> {
  const found = existing<Gauge<L>>(registers, family.name);
  if (found) return found;
  const created = new Gauge<L>({ ...family, labelNames: family.labelNames ?? [], registers });
  if (!family.labelNames?.length) created.remove();
  return created;
}

export function histogram<L extends string = string>(
  registers: Registers,
  family: Family<L> & { buckets: number[] },
): Histogram<L> {
  return (
    existing<Histogram<L>>(registers, family.name) ??
    new Histogram<L>({ ...family, labelNames: family.labelNames ?? [], registers })
  );
}

/**
 * Sets an unlabelled gauge, or removes its sample when the value is unknown: a value
 * the host cannot give is absent from /metrics, never a made-up 0.
 */
export function setOrAbsent(g: Gauge, value: number | undefined): void {
  if (value === undefined || !Number.isFinite(value)) g.remove();
  else g.set(value);
}
