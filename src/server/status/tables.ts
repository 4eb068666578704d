// The status page's tables, built from the same metric samples /metrics writes out: time
// sync, services and policy, topology, collectors. Pure: fed a snapshot of the registry.
// Every value cell names the series it shows, so a reader (and the browser test) can find
// it in /metrics.
import { count, ppm, seconds, seriesName, yesNo } from './format';
import type { Sample } from './history';

export type Families = ReadonlyMap<string, readonly Sample[]>;

export interface Cell {
  readonly text: string;
  /** The series, as /metrics names it, and its value. */
  readonly series?: string;
  readonly value?: number;
}

export interface Table {
  readonly id: string;
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** What the table says when it has no rows. */
  readonly empty: string;
}

const text = (t: string): Cell => ({ text: t });

function valueCell(name: string, sample: Sample, show: (v: number) => string): Cell {
  return { text: show(sample.value), series: seriesName(name, sample.labels), value: sample.value };
}

/** One row per sample of a family: a label naming it, and its value. */
function rowsOf(
  f: Families,
  name: string,
  label: (s: Sample) => string,
  show: (v: number) => string,
): Cell[][] {
  return (f.get(name) ?? []).map((s) => [text(label(s)), valueCell(name, s, show)]);
}

const TIME_SYNC: [string, string, (v: number) => string][] = [
  ['Synchronized', 'hostwatch_timesync_synchronized', yesNo],
  ['Offset (signed, Linux)', 'hostwatch_timesync_offset_seconds', (v) => seconds(v, true)],
  ['Offset (absolute, W32Time)', 'hostwatch_timesync_absolute_offset_seconds', (v) => seconds(v)],
  ['Maximum error', 'hostwatch_timesync_max_error_seconds', (v) => seconds(v)],
  ['Estimated error', 'hostwatch_timesync_estimated_error_seconds', (v) => seconds(v)],
  ['Frequency adjustment', 'hostwatch_timesync_frequency_adjustment_ratio', (v) => ppm(v - 1)],
  ['Slewing', 'hostwatch_timesync_adjustment_active', yesNo],
  ['Time service running', 'hostwatch_timesync_service_running', yesNo],
  ['Drift (wall against monotonic)', 'hostwatch_clock_drift_ratio', ppm],
  ['Last step the sampler saw', 'hostwatch_clock_last_step_seconds', (v) => seconds(v, true)],
];

export function timeSyncTable(f: Families): Table {
  const rows = TIME_SYNC.flatMap(([label, name, show]) => rowsOf(f, name, () => label, show));
  const info = (name: string, label: string, keys: string[]) =>
    rowsOf(f, name, (s) => `${label}: ${keys.map((k) => s.labels[k] ?? '').join(' ')}`.trim(), count);
  rows.push(...info('hostwatch_timesync_source_info', 'Time source', ['type', 'server']));
  rows.push(...info('hostwatch_clock_source_info', 'Kernel clocksource', ['source']));
  rows.push(
    ...rowsOf(
      f,
      'hostwatch_clock_steps_total',
      (s) => `Steps since start: ${s.labels['source']} ${s.labels['direction']}`,
      count,
    ),
  );
  return {
    id: 'timesync',
    caption: 'Time sync and clock',
    head: ['', 'value'],
    rows,
    empty: 'No clock or timesync collector.',
  };
}

/** The label of the one-hot series that is 1 (start_mode, state), as a cell. */
function oneHot(f: Families, name: string, label: string, service: string): Cell {
  const hot = (f.get(name) ?? []).find((s) => s.labels['name'] === service && s.value === 1);
  return hot ? { ...valueCell(name, hot, count), text: String(hot.labels[label]) } : text('');
}

function perService(f: Families, name: string, service: string, show: (v: number) => string): Cell {
  const s = (f.get(name) ?? []).find((x) => x.labels['name'] === service);
  return s ? valueCell(name, s, show) : text('');
}

export function servicesTable(f: Families): Table {
  const names = new Set<string>();
  for (const family of ['hostwatch_service_start_mode', 'hostwatch_service_policy_compliant']) {
    for (const s of f.get(family) ?? []) names.add(String(s.labels['name']));
  }
  const rows = [...names].sort().map((service) => {
    const policy = (f.get('hostwatch_service_policy_compliant') ?? []).find(
      (s) => s.labels['name'] === service,
    );
    return [
      text(service),
      oneHot(f, 'hostwatch_service_start_mode', 'start_mode', service),
      perService(f, 'hostwatch_service_delayed_start', service, yesNo),
      perService(f, 'hostwatch_service_trigger_start', service, yesNo),
      oneHot(f, 'hostwatch_service_state', 'state', service),
      text(policy ? String(policy.labels['expected']) : ''),
      policy ? valueCell('hostwatch_service_policy_compliant', policy, yesNo) : text(''),
      text(policy ? String(policy.labels['reason'] ?? '') : ''),
    ];
  });
  return {
    id: 'services',
    caption: 'Services and policy',
    head: ['service', 'start mode', 'delayed', 'trigger', 'state', 'policy', 'compliant', 'reason'],
    rows,
    empty: 'No services exported (the services collector is disabled, failing, or matched none).',
  };
}

const TOPOLOGY: [string, string][] = [
  ['Processor groups', 'hostwatch_cpu_groups'],
  ['NUMA nodes', 'hostwatch_cpu_numa_nodes'],
  ['Packages', 'hostwatch_cpu_packages'],
  ['Cores', 'hostwatch_cpu_cores'],
  ['Logical processors', 'hostwatch_cpu_logical_processors'],
  ['Groups a process may use', 'hostwatch_process_cpu_groups_allowed'],
  ['Processors in this process affinity', 'hostwatch_process_cpu_affinity_logical_processors'],
];

export function topologyTable(f: Families): Table {
  const rows = TOPOLOGY.flatMap(([label, name]) => rowsOf(f, name, () => label, count));
  rows.push(
    ...rowsOf(
      f,
      'hostwatch_cpu_group_logical_processors',
      (s) => `Group ${s.labels['group']} (${s.labels['state']})`,
      count,
    ),
    ...rowsOf(
      f,
      'hostwatch_cpu_numa_node_logical_processors',
      (s) => `NUMA node ${s.labels['node']} in group ${s.labels['group']}`,
      count,
    ),
  );
  return { id: 'topology', caption: 'Topology', head: ['', 'value'], rows, empty: 'No topology collector.' };
}

export function collectorsTable(f: Families): Table {
  const rows = rowsOf(f, 'hostwatch_collector_success', (s) => String(s.labels['collector']), yesNo);
  return {
    id: 'collectors',
    caption: 'Collectors',
    head: ['collector', 'succeeded'],
    rows,
    empty: 'No collectors.',
  };
}

export const statusTables = (f: Families): Table[] => [
  timeSyncTable(f),
  servicesTable(f),
  topologyTable(f),
  collectorsTable(f),
];
