// Fleet overview: one row per host, worst first, and the exporter's own health.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import {
  type About,
  addRow,
  type Column,
  columnsTable,
  HOST,
  hostwatchDashboard,
  panel,
  query,
  stateTimelinePanel,
  timeseriesPanel,
} from './kit';

const STEPS_IN_RANGE = `max by (instance, job) (increase(hostwatch_clock_steps_total{${HOST}, source=~"sampler|kernel"}[$__range]))`;
const ERRORS_30D = `sum by (instance, job) (increase(hostwatch_listen_probes_total{${HOST}, result!="success"}[30d]))`;
const PROBES_30D = `sum by (instance, job) (increase(hostwatch_listen_probes_total{${HOST}}[30d]))`;

/** Each problem a host has, as one series with a problem label, counted per host. */
const PROBLEMS = `count by (instance, job) (
    label_replace(${STEPS_IN_RANGE} > 0, "problem", "clock_step", "", "")
  or label_replace(max by (instance, job) (hostwatch_timesync_synchronized{${HOST}}) == 0, "problem", "not_synchronized", "", "")
  or label_replace(max by (instance, job) (abs(hostwatch_clock_drift_ratio{${HOST}})) > 500e-6, "problem", "drift", "", "")
  or label_replace(sum by (instance, job) (hostwatch_listen_blocked{${HOST}}) > 0, "problem", "listen_blocked", "", "")
  or label_replace(sum by (instance, job) (1 - hostwatch_service_policy_compliant{${HOST}}) > 0, "problem", "service_policy", "", "")
  or label_replace(sum by (instance, job) (1 - hostwatch_collector_success{${HOST}}) > 0, "problem", "collector_failing", "", "")
)
or on (instance, job) 0 * group by (instance, job) (hostwatch_build_info{${HOST}})`;

const COLUMNS: Record<string, Column> = {
  A: ['Problems', 'short', PROBLEMS],
  B: ['Clock steps', 'short', STEPS_IN_RANGE],
  C: ['Synchronized', 'bool_yes_no', `max by (instance, job) (hostwatch_timesync_synchronized{${HOST}})`],
  D: ['Drift', 'ppm', `max by (instance, job) (hostwatch_clock_drift_ratio{${HOST}}) * 1e6`],
  E: ['Listen availability (30 d)', 'percentunit', `1 - (${ERRORS_30D} / ${PROBES_30D})`],
  F: [
    'Error budget left',
    'percentunit',
    `1 - ((${ERRORS_30D} / ${PROBES_30D}) / on () group_left () (1 - slo:hostwatch_listen_availability_objective:ratio))`,
  ],
  G: ['Blocked listens', 'short', `sum by (instance, job) (hostwatch_listen_blocked{${HOST}})`],
  H: [
    'Services out of policy',
    'short',
    `sum by (instance, job) (1 - hostwatch_service_policy_compliant{${HOST}})`,
  ],
  I: ['Collectors failing', 'short', `sum by (instance, job) (1 - hostwatch_collector_success{${HOST}})`],
  J: ['Oldest sample', 's', `max by (instance, job) (hostwatch_collector_last_sample_age_seconds{${HOST}})`],
};

function hostsTable() {
  return columnsTable(
    {
      title: 'Hosts, worst first',
      unit: 'short',
      w: 24,
      h: 10,
      about: {
        what: 'One row per exporter: Problems counts what is wrong now (a clock step in the time range, not synchronized, drift beyond 500 ppm, a blocked listen, a service out of policy, a failing collector); the rows sort by it. Clock steps counts sampler and kernel steps in the range (the larger of the two sources, as the alerts count). Listen availability and error budget are over 30 days against the availability objective recorded in slo:hostwatch_listen_availability_objective:ratio. Oldest sample is the age of the stalest background sampler.',
        windows:
          'W32Time and the SCM for sync and services, QueryPerformanceCounter for the clock, Winsock probes for listens.',
        linux:
          'adjtimex and the time daemon, systemd for services, clock_gettime for the clock, socket probes for listens.',
        alerts: [
          'HostwatchClockSteppedBackward',
          'HostwatchClockNotSynchronising',
          'HostwatchClockDriftHigh',
          'HostwatchListenAvailabilityBudgetBurnSlow',
          'HostwatchListenBlocked',
          'HostwatchServicePolicyViolation',
          'HostwatchCollectorFailing',
          'HostwatchSamplerStalled',
        ],
      },
    },
    COLUMNS,
  ).sortBy([new common.TableSortByFieldStateBuilder().displayName('Problems').desc(true)]);
}

function countStat(title: string, expr: string, about: About) {
  return panel(new stat.PanelBuilder(), {
    title,
    unit: 'short',
    w: 6,
    h: 4,
    targets: [query('A', expr, { instant: true })],
    about,
  }).colorMode(common.BigValueColorMode.Background);
}

/** The four counts above the hosts table. */
function counts() {
  return [
    countStat('Hosts with a clock step', `count((${STEPS_IN_RANGE}) > 0) or vector(0)`, {
      what: 'Hosts whose wall clock stepped in the selected time range (hostwatch_clock_steps_total from the sampler or the kernel).',
      windows: 'the (wall - monotonic) sampler on QueryPerformanceCounter.',
      linux: 'the sampler, and clock sets the kernel announces through a CANCEL_ON_SET timerfd.',
      alerts: ['HostwatchClockSteppedBackward', 'HostwatchClockSteppedForward'],
    }),
    countStat('Hosts not synchronized', `count(hostwatch_timesync_synchronized{${HOST}} == 0) or vector(0)`, {
      what: 'Hosts whose OS time service does not keep the clock synchronized (hostwatch_timesync_synchronized = 0).',
      windows: 'W32Time state, Type, NTP source and Computed Time Offset.',
      linux: 'adjtimex: TIME_ERROR or STA_UNSYNC.',
      alerts: ['HostwatchClockNotSynchronising'],
    }),
    countStat('Blocked listens', `sum(hostwatch_listen_blocked{${HOST}}) or vector(0)`, {
      what: 'Listen probes that have outlived their timeout and whose OS call has not returned, across the selected hosts.',
      windows: 'a Winsock bind, listen or accept in the probe worker thread.',
      linux: 'a bind, listen or accept in the probe worker thread.',
      alerts: ['HostwatchListenBlocked'],
    }),
    countStat('Services out of policy', `sum(1 - hostwatch_service_policy_compliant{${HOST}}) or vector(0)`, {
      what: 'Services whose start mode (or state) differs from the configured policy, across the selected hosts.',
      windows: 'the Service Control Manager.',
      linux: 'systemd over D-Bus.',
      alerts: ['HostwatchServicePolicyViolation'],
    }),
  ];
}

function exporterHealth() {
  const success = stateTimelinePanel({
    title: 'Collector success',
    unit: 'bool_yes_no',
    w: 12,
    h: 8,
    targets: [query('A', `hostwatch_collector_success{${HOST}}`, { legend: '{{instance}} {{collector}}' })],
    about: {
      what: 'hostwatch_collector_success: whether each collector succeeded on the last scrape (1) or its data source failed or is missing on this host (0). A collector whose OS API is missing stays at 0 and logs one line; its metrics are absent, never 0.',
      windows:
        'missing APIs are common under Wine (W32Time counters, the event log); on Windows all collectors should succeed.',
      linux: 'services needs a systemd manager (system bus or its private socket).',
      alerts: ['HostwatchCollectorFailing'],
    },
  });
  const age = timeseriesPanel({
    title: 'Background sample age',
    unit: 's',
    w: 12,
    h: 8,
    targets: [
      query('A', `hostwatch_collector_last_sample_age_seconds{${HOST}}`, {
        legend: '{{instance}} {{collector}}',
      }),
    ],
    about: {
      what: 'hostwatch_collector_last_sample_age_seconds: seconds since each background sampler (clock, listen probes, sleep probe) last produced a sample, on the monotonic clock at scrape time. It saws between 0 and the sampler interval; a line that climbs is a stalled sampler.',
      windows: 'the same samplers, reading QueryPerformanceCounter.',
      linux: 'the same samplers, reading CLOCK_BOOTTIME.',
      alerts: ['HostwatchSamplerStalled'],
    },
  });
  return [success, age];
}

export function fleetDashboard(): dashboard.Dashboard {
  const b = hostwatchDashboard({
    uid: 'hostwatch-fleet',
    title: 'hostwatch / Fleet overview',
    description:
      'Every host watched by hostwatch-exporter, worst first: clock steps, sync, listen SLO, services, exporter health.',
  });
  for (const p of counts()) b.withPanel(p);
  b.withPanel(hostsTable());
  addRow(b, 'Exporter health', exporterHealth());
  return b.build();
}
