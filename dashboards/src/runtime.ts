// Host runtime: what a Go, .NET or Node runtime sees of the host: processor groups and
// NUMA, process affinity, timer resolution and sleep lateness, and the services it needs.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as table from '@grafana/grafana-foundation-sdk/table';
import {
  addRow,
  type Column,
  columnsTable,
  heatmapPanel,
  HOST,
  hostwatchDashboard,
  panel,
  query,
  tableTransformations,
  timeseriesPanel,
} from './kit';

const TOPOLOGY_SOURCES = {
  windows:
    'GetActiveProcessorGroupCount, GetActiveProcessorCount, GetLogicalProcessorInformationEx, GetProcessAffinityMask and GetProcessGroupAffinity.',
  linux:
    'sysfs (/sys/devices/system/cpu and node) and Cpus_allowed_list of /proc/self/status; one group always.',
};

const TOPOLOGY: Record<string, Column> = {
  A: ['Groups', 'short', `hostwatch_cpu_groups{${HOST}}`],
  B: ['NUMA nodes', 'short', `hostwatch_cpu_numa_nodes{${HOST}}`],
  C: ['Packages', 'short', `hostwatch_cpu_packages{${HOST}}`],
  D: ['Cores', 'short', `hostwatch_cpu_cores{${HOST}}`],
  E: ['Logical processors', 'short', `hostwatch_cpu_logical_processors{${HOST}}`],
  F: ['Groups a process may use', 'short', `hostwatch_process_cpu_groups_allowed{${HOST}}`],
  G: ['Processors in affinity', 'short', `hostwatch_process_cpu_affinity_logical_processors{${HOST}}`],
};

function topology() {
  const hosts = columnsTable(
    {
      title: 'Processor topology per host',
      unit: 'short',
      w: 24,
      h: 6,
      about: {
        what: 'Processor groups, NUMA nodes, packages, cores and logical processors, and what a process started without an explicit affinity may use. On Windows before Server 2022 a process runs in one group of at most 64 processors: runtimes that size thread pools from the affinity then use a fraction of the host.',
        ...TOPOLOGY_SOURCES,
      },
    },
    TOPOLOGY,
    ['__name__'],
  );
  const share = timeseriesPanel({
    title: 'Process affinity against the host',
    unit: 'percentunit',
    w: 8,
    h: 7,
    targets: [
      query('A', `hostwatch_process_cpu_groups_allowed{${HOST}} / hostwatch_cpu_groups{${HOST}}`, {
        legend: '{{instance}} groups allowed',
      }),
      query(
        'B',
        `hostwatch_process_cpu_affinity_logical_processors{${HOST}} / hostwatch_cpu_logical_processors{${HOST}}`,
        { legend: '{{instance}} logical processors in affinity' },
      ),
    ],
    about: {
      what: 'Share of the active processor groups a new process may run on, and share of the logical processors in this exporter process affinity. Below 100% a runtime sees less of the host than it has.',
      ...TOPOLOGY_SOURCES,
    },
  });
  const perGroup = panel(new table.PanelBuilder(), {
    title: 'Logical processors per group and NUMA node',
    unit: 'short',
    w: 16,
    h: 7,
    targets: [
      query('A', `hostwatch_cpu_group_logical_processors{${HOST}}`, { instant: true, format: 'table' }),
      query('B', `hostwatch_cpu_numa_node_logical_processors{${HOST}}`, { instant: true, format: 'table' }),
    ],
    about: {
      what: 'Logical processors of each processor group (active now, and maximum with hot-add capacity) and of each NUMA node in each group it spans (0 for a memory-only node).',
      ...TOPOLOGY_SOURCES,
    },
  }).transformations(
    tableTransformations({ 'Value #A': 'Per group', 'Value #B': 'Per NUMA node' }, ['__name__']),
  );
  return [hosts, share, perGroup];
}

function timers() {
  const sources = {
    windows: 'NtQueryTimerResolution; the sleep probe calls Sleep(1) on its own thread.',
    linux:
      'clock_getres and prctl(PR_GET_TIMERSLACK); the sleep probe calls nanosleep(1 ms) on its own thread.',
  };
  const resolution = timeseriesPanel({
    title: 'Timer resolution and slack',
    unit: 's',
    w: 8,
    h: 7,
    targets: [
      query('A', `hostwatch_timer_resolution_seconds{${HOST}}`, { legend: '{{instance}} {{kind}}' }),
      query('B', `hostwatch_timer_slack_seconds{${HOST}}`, { legend: '{{instance}} slack' }),
    ],
    about: {
      what: 'Timer granularity (Windows: the interrupt period in force, the finest and coarsest a process may get; Linux: the hrtimer resolution) and the coarse clock tick; Linux timer slack, how late the kernel may fire this process timers.',
      ...sources,
      alerts: ['HostwatchSleepLatenessHigh'],
    },
  });
  const map = heatmapPanel({
    title: 'Sleep overshoot',
    unit: 's',
    w: 8,
    h: 7,
    targets: [
      query(
        'A',
        `sum by (le) (rate(hostwatch_timer_sleep_overshoot_seconds_bucket{${HOST}}[$__rate_interval]))`,
        {
          format: 'heatmap',
        },
      ),
    ],
    about: {
      what: 'hostwatch_timer_sleep_overshoot_seconds as a heatmap: how late a 1 ms OS sleep woke up, measured off the event loop. About one timer tick is normal (15.6 ms on a default Windows host); more means threads wait for a CPU.',
      ...sources,
      alerts: ['HostwatchSleepLatenessHigh'],
    },
  });
  const p99 = timeseriesPanel({
    title: 'Sleep overshoot, p99',
    unit: 's',
    w: 8,
    h: 7,
    targets: [
      query('A', `instance:hostwatch_timer_sleep_overshoot_seconds:p99_rate5m{${HOST}}`, {
        legend: '{{instance}} 5m (alert)',
      }),
      query(
        'B',
        `histogram_quantile(0.99, sum by (instance, le) (rate(hostwatch_timer_sleep_overshoot_seconds_bucket{${HOST}}[$__rate_interval])))`,
        { legend: '{{instance}}' },
      ),
    ],
    about: {
      what: 'p99 lateness of a 1 ms sleep: over 5 minutes as the alert reads it (recording rule), and over the panel interval.',
      ...sources,
      alerts: ['HostwatchSleepLatenessHigh'],
    },
  });
  return [resolution, map, p99];
}

const SERVICES: Record<string, Column> = {
  A: ['Start mode (one-hot)', 'short', `hostwatch_service_start_mode{${HOST}} == 1`],
  B: ['State (one-hot)', 'short', `hostwatch_service_state{${HOST}} == 1`],
  C: ['Delayed start', 'bool_yes_no', `hostwatch_service_delayed_start{${HOST}}`],
  D: ['Trigger start', 'bool_yes_no', `hostwatch_service_trigger_start{${HOST}}`],
  E: ['Compliant', 'bool_yes_no', `hostwatch_service_policy_compliant{${HOST}}`],
};

function services() {
  return columnsTable(
    {
      title: 'Services: start mode, state and policy',
      unit: 'short',
      w: 24,
      h: 9,
      about: {
        what: 'Each exported service: its start mode (boot, system, auto, manual, disabled), whether an auto start is delayed or triggered, its state, and whether it matches the configured policy (expected) with the reason when it does not (start_mode, state, start_mode_and_state, missing, unknown_start_mode).',
        windows:
          'the Service Control Manager: QueryServiceConfigW, QueryServiceConfig2W (delayed auto-start, triggers), QueryServiceStatusEx.',
        linux:
          'systemd over D-Bus: UnitFileState mapped to a start mode, ActiveState; delayed and trigger start do not exist there.',
        alerts: ['HostwatchServicePolicyViolation'],
      },
    },
    SERVICES,
    ['Value #A', 'Value #B', '__name__'],
  ).sortBy([new common.TableSortByFieldStateBuilder().displayName('Compliant').desc(false)]);
}

export function runtimeDashboard(): dashboard.Dashboard {
  const b = hostwatchDashboard({
    uid: 'hostwatch-runtime',
    title: 'hostwatch / Host runtime',
    description:
      'What runtimes see of the host: processor groups and NUMA, affinity, timers, sleep lateness and services.',
  });
  addRow(b, 'Processors', topology());
  addRow(b, 'Timers and scheduling', timers());
  addRow(b, 'Services', [services()]);
  return b.build();
}
