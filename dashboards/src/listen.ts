// Listen probes, RED and SLO: rate, errors by code, duration (heatmap and per phase),
// attainment and error budget over 30 days, burn rates of the alert windows, blocked state.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import {
  addRow,
  heatmapPanel,
  HOST,
  hostwatchDashboard,
  multiVariable,
  panel,
  query,
  stateTimelinePanel,
  timeseriesPanel,
} from './kit';

const SEL = `${HOST}, target=~"$target"`;
const BY = 'instance, job, target';
const WINDOWS: Record<string, string> = { A: '5m', B: '1h', C: '6h', D: '1d' };
const PROBE_SOURCES = {
  windows: 'a probe in a worker thread: Winsock socket, bind, listen, connect, accept over loopback.',
  linux: 'a probe in a worker thread: socket, bind, listen, connect, accept over loopback.',
};

const AVAILABILITY_30D = `1 - (sum by (${BY}) (increase(hostwatch_listen_probes_total{${SEL}, result!="success"}[30d])) / sum by (${BY}) (increase(hostwatch_listen_probes_total{${SEL}}[30d])))`;
const LATENCY_30D = `sum by (${BY}) (increase(hostwatch_listen_duration_seconds_bucket{${SEL}, phase="total", le="0.01"}[30d])) / sum by (${BY}) (increase(hostwatch_listen_duration_seconds_count{${SEL}, phase="total"}[30d]))`;

function red() {
  const rate = timeseriesPanel({
    title: 'Probe rate by result',
    unit: 'ops',
    w: 8,
    h: 7,
    targets: [
      query('A', `sum by (${BY}, result) (rate(hostwatch_listen_probes_total{${SEL}}[$__rate_interval]))`, {
        legend: '{{instance}} {{target}} {{result}}',
      }),
    ],
    about: {
      what: 'hostwatch_listen_probes_total per second, by result: success, error (an OS call failed) or timeout (no answer within the target timeout).',
      ...PROBE_SOURCES,
      alerts: ['HostwatchListenFailing'],
    },
  });
  const errors = timeseriesPanel({
    title: 'Error ratio by code',
    unit: 'percentunit',
    w: 8,
    h: 7,
    targets: [
      query(
        'A',
        `sum by (${BY}, code) (rate(hostwatch_listen_errors_total{${SEL}}[$__rate_interval])) / on (${BY}) group_left () sum by (${BY}) (rate(hostwatch_listen_probes_total{${SEL}}[$__rate_interval]))`,
        { legend: '{{instance}} {{target}} {{code}}' },
      ),
    ],
    about: {
      what: 'Share of probes that failed, by OS error code (EADDRINUSE, EACCES, EADDRNOTAVAIL, ...; OTHER for the rest), from hostwatch_listen_errors_total over hostwatch_listen_probes_total.',
      windows: 'WSA error codes mapped to the same labels as errno.',
      linux: 'errno of the failed call.',
      alerts: ['HostwatchListenErrors', 'HostwatchListenAvailabilityBudgetBurnFast'],
    },
  });
  const up = stateTimelinePanel({
    title: 'Up and blocked',
    unit: 'bool_yes_no',
    w: 8,
    h: 7,
    targets: [
      query('A', `hostwatch_listen_up{${SEL}}`, { legend: '{{instance}} {{target}} up' }),
      query('B', `hostwatch_listen_blocked{${SEL}}`, { legend: '{{instance}} {{target}} blocked' }),
    ],
    about: {
      what: 'hostwatch_listen_up: the last probe succeeded within its timeout. hostwatch_listen_blocked: a probe has outlived its timeout and its OS call has not returned; no new probe of the target starts meanwhile.',
      ...PROBE_SOURCES,
      alerts: ['HostwatchListenFailing', 'HostwatchListenBlocked'],
    },
  });
  return [rate, errors, up];
}

function duration() {
  const map = heatmapPanel({
    title: 'Probe duration (total)',
    unit: 's',
    w: 12,
    h: 8,
    targets: [
      query(
        'A',
        `sum by (le) (rate(hostwatch_listen_duration_seconds_bucket{${SEL}, phase="total"}[$__rate_interval]))`,
        { format: 'heatmap' },
      ),
    ],
    about: {
      what: 'hostwatch_listen_duration_seconds{phase="total"} as a heatmap: how long whole probes took (socket to close), on the monotonic clock. The latency SLO counts probes under 10 ms.',
      ...PROBE_SOURCES,
      alerts: ['HostwatchListenLatencyBudgetBurnFast'],
    },
  });
  const phases = timeseriesPanel({
    title: 'p99 duration by phase',
    unit: 's',
    w: 12,
    h: 8,
    targets: [
      query(
        'A',
        `histogram_quantile(0.99, sum by (phase, le) (rate(hostwatch_listen_duration_seconds_bucket{${SEL}, phase!="total"}[$__rate_interval])))`,
        { legend: '{{phase}}' },
      ),
    ],
    about: {
      what: 'p99 of each probe phase (socket, bind, listen, connect, accept, exchange) across the selected targets: which OS call is slow.',
      ...PROBE_SOURCES,
      alerts: ['HostwatchListenLatencyBudgetBurnFast'],
    },
  });
  const blocked = timeseriesPanel({
    title: 'Blocked for',
    unit: 's',
    w: 24,
    h: 5,
    targets: [query('A', `hostwatch_listen_blocked_seconds{${SEL}}`, { legend: '{{instance}} {{target}}' })],
    about: {
      what: 'hostwatch_listen_blocked_seconds: how long the blocked probe of each target has been waiting for its OS call, 0 when none is blocked.',
      ...PROBE_SOURCES,
      alerts: ['HostwatchListenBlocked'],
    },
  });
  return [map, phases, blocked];
}

function sloStat(title: string, expr: string, what: string, alerts: string[]) {
  return panel(new stat.PanelBuilder(), {
    title,
    unit: 'percentunit',
    w: 6,
    h: 5,
    targets: [query('A', expr, { instant: true, legend: '{{instance}} {{target}}' })],
    about: { what, ...PROBE_SOURCES, alerts },
  }).decimals(3);
}

function slo() {
  const objective = (kind: string) =>
    `on () group_left () (1 - slo:hostwatch_listen_${kind}_objective:ratio)`;
  const avail = ['HostwatchListenAvailabilityBudgetBurnFast', 'HostwatchListenAvailabilityBudgetBurnSlow'];
  const latency = ['HostwatchListenLatencyBudgetBurnFast', 'HostwatchListenLatencyBudgetBurnSlow'];
  return [
    sloStat(
      'Availability, 30 days',
      AVAILABILITY_30D,
      'Share of probes that succeeded over 30 days (the SLO period).',
      avail,
    ),
    sloStat(
      'Availability error budget left',
      `1 - ((1 - (${AVAILABILITY_30D})) / ${objective('availability')})`,
      'Share of the 30-day availability error budget (1 - slo:hostwatch_listen_availability_objective:ratio) not yet used.',
      avail,
    ),
    sloStat(
      'Latency SLO attainment, 30 days',
      LATENCY_30D,
      'Share of probes that took under 10 ms in total, over 30 days.',
      latency,
    ),
    sloStat(
      'Latency error budget left',
      `1 - ((1 - (${LATENCY_30D})) / ${objective('latency')})`,
      'Share of the 30-day latency error budget (1 - slo:hostwatch_listen_latency_objective:ratio) not yet used.',
      latency,
    ),
  ];
}

function burnRates(kind: 'availability' | 'latency', record: string, alerts: string[]) {
  return timeseriesPanel({
    title: `${kind === 'availability' ? 'Availability' : 'Latency'} burn rate by alert window`,
    unit: 'suffix:×',
    w: 12,
    h: 7,
    targets: Object.entries(WINDOWS).map(([ref, window]) =>
      query(
        ref,
        `instance_target:hostwatch_listen_${record}:ratio_rate${window}{${SEL}} / on () group_left () (1 - slo:hostwatch_listen_${kind}_objective:ratio)`,
        { legend: `{{instance}} {{target}} ${window}` },
      ),
    ),
    about: {
      what: `How many times faster than sustainable the ${kind} error budget burns, over the windows the alerts use (page at 14.4x over 5m and 1h, or 6x over 30m and 6h; ticket at 3x over 2h and 1d, or 1x over 6h and 3d), from the recording rules of alerts/hostwatch.rules.yml.`,
      ...PROBE_SOURCES,
      alerts,
    },
  });
}

export function listenDashboard(): dashboard.Dashboard {
  const b = hostwatchDashboard({
    uid: 'hostwatch-listen',
    title: 'hostwatch / Listen probes',
    description: 'Listen probes: rate, errors and duration (RED), and the availability and latency SLOs.',
    extraVariables: [
      multiVariable(
        'target',
        'Target',
        'label_values(hostwatch_listen_target_info{job=~"$job", instance=~"$instance"}, target)',
      ),
    ],
  });
  addRow(b, 'Rate and errors', red());
  addRow(b, 'Duration', duration());
  addRow(b, 'SLO, 30 days', slo());
  b.withPanel(
    burnRates('availability', 'probe_errors', [
      'HostwatchListenAvailabilityBudgetBurnFast',
      'HostwatchListenAvailabilityBudgetBurnSlow',
    ]),
  );
  b.withPanel(
    burnRates('latency', 'probe_slow', [
      'HostwatchListenLatencyBudgetBurnFast',
      'HostwatchListenLatencyBudgetBurnSlow',
    ]),
  );
  return b.build();
}
