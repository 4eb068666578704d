// Clock and time sync, USE style: errors are steps, saturation is drift and offset,
// utilization is how hard the time service works (slew, frequency adjustment).
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as table from '@grafana/grafana-foundation-sdk/table';
import {
  addRow,
  DATASOURCE,
  HOST,
  hostwatchDashboard,
  panel,
  query,
  stateTimelinePanel,
  tableTransformations,
  timeseriesPanel,
} from './kit';

/** The step table's query: the live suite steps a clock and expects to see it here. */
export const STEPS_TABLE_QUERY = `sum by (instance, job, source, direction) (increase(hostwatch_clock_steps_total{${HOST}}[$__range])) > 0`;
export const STEP_ANNOTATION_QUERY = `sum by (instance, source, direction) (increase(hostwatch_clock_steps_total{${HOST}}[$__interval])) > 0`;

const STEP_ALERTS = ['HostwatchClockSteppedBackward', 'HostwatchClockSteppedForward'];

function stepAnnotation() {
  return new dashboard.AnnotationQueryBuilder()
    .name('Clock steps')
    .datasource(DATASOURCE)
    .enable(true)
    .iconColor('red')
    .expr(STEP_ANNOTATION_QUERY)
    .step('$__interval')
    .titleFormat('Clock step {{direction}}')
    .textFormat('{{instance}}: seen by {{source}}')
    .tagKeys('instance,source,direction');
}

function errors() {
  const offset = timeseriesPanel({
    title: 'Wall minus monotonic, change since exporter start',
    unit: 's',
    w: 12,
    h: 8,
    targets: [
      query('A', `hostwatch_clock_wall_minus_monotonic_seconds{${HOST}}`, { legend: '{{instance}}' }),
    ],
    about: {
      what: 'hostwatch_clock_wall_minus_monotonic_seconds: how far the wall clock has moved against the monotonic clock since the exporter started. A slope is drift; a jump is a step (the annotations mark them). It restarts at 0 with the exporter.',
      windows:
        'GetSystemTimePreciseAsFileTime against QueryPerformanceCounter, best of several brackets per sample.',
      linux: 'CLOCK_REALTIME against CLOCK_BOOTTIME, best of several brackets per sample.',
      alerts: STEP_ALERTS,
    },
  });
  const steps = panel(new table.PanelBuilder(), {
    title: 'Steps in range, by source and direction',
    unit: 'short',
    w: 12,
    h: 8,
    targets: [query('A', STEPS_TABLE_QUERY, { instant: true, format: 'table' })],
    about: {
      what: 'hostwatch_clock_steps_total increase over the selected range, for every source and direction that saw a step. sampler: the (wall - monotonic) sampler; kernel: a clock set the kernel announced; eventlog: Windows Kernel-General event 1; restart_gap: a step while the exporter was down. Sampler and kernel count the same step, so alerts take the larger.',
      windows: 'sampler, eventlog (Kernel-General 1, read with EvtQuery) and restart_gap.',
      linux: 'sampler, kernel (a CANCEL_ON_SET timerfd) and restart_gap.',
      alerts: STEP_ALERTS,
    },
  }).transformations(tableTransformations({ Value: 'Steps' }));
  const last = panel(new table.PanelBuilder(), {
    title: 'Last step the sampler saw',
    unit: 's',
    w: 12,
    h: 6,
    targets: [
      query('A', `hostwatch_clock_last_step_seconds{${HOST}}`, { instant: true, format: 'table' }),
      query('B', `time() - hostwatch_clock_last_step_timestamp_seconds{${HOST}}`, {
        instant: true,
        format: 'table',
      }),
      query(
        'C',
        `sum by (instance, job) (hostwatch_clock_step_seconds_sum{${HOST}, source="sampler"}) / sum by (instance, job) (hostwatch_clock_step_seconds_count{${HOST}, source="sampler"})`,
        { instant: true, format: 'table' },
      ),
    ],
    about: {
      what: 'Signed size of the last step the sampler saw (positive: the wall clock jumped forward), how long ago it was, and the mean absolute size of the steps the sampler saw since the exporter started (hostwatch_clock_step_seconds: its series is born with the first step, which increase() over a range would not count). Empty until a step is seen.',
      windows: 'the sampler on QueryPerformanceCounter and GetSystemTimePreciseAsFileTime.',
      linux: 'the sampler on CLOCK_BOOTTIME and CLOCK_REALTIME.',
      alerts: STEP_ALERTS,
    },
  }).transformations(
    tableTransformations({
      'Value #A': 'Last step',
      'Value #B': 'Seen ago',
      'Value #C': 'Mean size since start',
    }),
  );
  return [offset, steps, last];
}

function saturation() {
  const drift = timeseriesPanel({
    title: 'Drift',
    unit: 'ppm',
    w: 12,
    h: 6,
    targets: [query('A', `hostwatch_clock_drift_ratio{${HOST}} * 1e6`, { legend: '{{instance}}' })],
    about: {
      what: 'hostwatch_clock_drift_ratio in parts per million: how fast the wall clock gains (positive) or loses against the monotonic clock over the drift window, steps excluded. A disciplined clock slews within 500 ppm.',
      windows: 'QueryPerformanceCounter against GetSystemTimePreciseAsFileTime.',
      linux: 'CLOCK_BOOTTIME against CLOCK_REALTIME.',
      alerts: ['HostwatchClockDriftHigh'],
    },
  });
  const offset = timeseriesPanel({
    title: 'Offset to the time reference',
    unit: 's',
    w: 12,
    h: 6,
    targets: [
      query('A', `hostwatch_timesync_offset_seconds{${HOST}}`, { legend: '{{instance}} signed' }),
      query('B', `hostwatch_timesync_absolute_offset_seconds{${HOST}}`, { legend: '{{instance}} absolute' }),
    ],
    about: {
      what: 'How far the clock is from its reference: signed where the OS gives a sign, absolute where it does not.',
      windows:
        'hostwatch_timesync_absolute_offset_seconds, PDH Windows Time Service\\Computed Time Offset (unsigned by definition).',
      linux:
        'hostwatch_timesync_offset_seconds, the adjtimex offset the kernel is still correcting (signed).',
      alerts: ['HostwatchClockSkewDetected'],
    },
  });
  const error = timeseriesPanel({
    title: 'Maximum and estimated error',
    unit: 's',
    w: 8,
    h: 6,
    targets: [
      query('A', `hostwatch_timesync_max_error_seconds{${HOST}}`, { legend: '{{instance}} max' }),
      query('B', `hostwatch_timesync_estimated_error_seconds{${HOST}}`, { legend: '{{instance}} estimated' }),
    ],
    about: {
      what: 'The error bounds the kernel keeps: maxerror grows 500 us per second without updates from a time daemon and 16 s means unsynchronized; esterror is what the daemon last reported.',
      windows: 'not available (W32Time publishes no error bound).',
      linux: 'adjtimex maxerror and esterror.',
      alerts: ['HostwatchClockNotSynchronising'],
    },
  });
  const uncertainty = timeseriesPanel({
    title: 'Bracket uncertainty, p99',
    unit: 's',
    w: 8,
    h: 6,
    targets: [
      query(
        'A',
        `histogram_quantile(0.99, sum by (instance, le) (rate(hostwatch_clock_read_uncertainty_seconds_bucket{${HOST}}[$__rate_interval])))`,
        { legend: '{{instance}}' },
      ),
    ],
    about: {
      what: 'hostwatch_clock_read_uncertainty_seconds: width of the narrowest (monotonic, wall, monotonic) bracket of each sample, the precision with which wall time is pinned to monotonic time. Wide brackets mean a busy or virtualised host.',
      windows: 'QueryPerformanceCounter around GetSystemTimePreciseAsFileTime.',
      linux: 'CLOCK_BOOTTIME around CLOCK_REALTIME.',
    },
  });
  return [drift, offset, error, uncertainty];
}

export function clockDashboard(): dashboard.Dashboard {
  const b = hostwatchDashboard({
    uid: 'hostwatch-clock',
    title: 'hostwatch / Clock and time sync',
    description: 'Wall clock against the monotonic clock (steps, drift) and the OS time service, USE style.',
    annotations: [stepAnnotation()],
  });
  addRow(b, 'Errors: steps', errors());
  addRow(b, 'Saturation: drift, offset, error', saturation());
  b.withPanel(
    timeseriesPanel({
      title: 'Frequency adjustment',
      unit: 'ppm',
      w: 8,
      h: 6,
      targets: [
        query('A', `(hostwatch_timesync_frequency_adjustment_ratio{${HOST}} - 1) * 1e6`, {
          legend: '{{instance}}',
        }),
      ],
      about: {
        what: 'hostwatch_timesync_frequency_adjustment_ratio minus 1, in ppm: how much faster (positive) or slower the OS runs the clock to correct it. 0 when no time service slews.',
        windows:
          'time adjustment / time increment from GetSystemTimeAdjustment(Precise); 0 while adjustment is disabled.',
        linux: 'adjtimex tick and freq.',
        alerts: ['HostwatchClockDriftHigh'],
      },
    }),
  );
  addRow(b, 'Utilization: the time service', timeService());
  return b.build();
}

function timeService() {
  const state = stateTimelinePanel({
    title: 'Synchronized, slewing, service running',
    unit: 'bool_yes_no',
    w: 24,
    h: 6,
    targets: [
      query('A', `hostwatch_timesync_synchronized{${HOST}}`, { legend: '{{instance}} synchronized' }),
      query('B', `hostwatch_timesync_adjustment_active{${HOST}}`, { legend: '{{instance}} slewing' }),
      query('C', `hostwatch_timesync_service_running{${HOST}}`, { legend: '{{instance}} service running' }),
    ],
    about: {
      what: 'Whether the OS time service keeps the clock synchronized, whether the OS is slewing the clock now, and whether the time service runs.',
      windows:
        'W32Time state (SCM), Type, NTP source and |Computed Time Offset| within --collector.timesync.max-offset; GetSystemTimeAdjustment for slewing.',
      linux:
        'adjtimex (not TIME_ERROR, STA_UNSYNC clear); offset, freq or tick not nominal for slewing; chronyd, systemd-timesyncd, ntpd, openntpd or ptp4l in /proc.',
      alerts: ['HostwatchClockNotSynchronising'],
    },
  });
  const source = panel(new table.PanelBuilder(), {
    title: 'Time source and clock',
    unit: 's',
    w: 12,
    h: 7,
    targets: [
      query('A', `hostwatch_timesync_source_info{${HOST}}`, { instant: true, format: 'table' }),
      query('B', `hostwatch_clock_source_info{${HOST}}`, { instant: true, format: 'table' }),
      query('C', `hostwatch_clock_resolution_seconds{${HOST}, method="reported"}`, {
        instant: true,
        format: 'table',
      }),
    ],
    about: {
      what: 'Where time comes from (time service type and servers), the kernel clocksource, and the granularity of each clock as the OS reports it.',
      windows:
        'W32Time Parameters Type and NtpServer (registry); QPC frequency and FILETIME units for resolution; no clocksource.',
      linux:
        'the running time daemon; /sys/devices/system/clocksource (hostwatch_clock_source_info); clock_getres.',
    },
  })
    .transformations(tableTransformations({ 'Value #C': 'Resolution' }, ['Value #A', 'Value #B', '__name__']))
    .overrideByName('Value #A', [{ id: 'unit', value: 'short' }])
    .overrideByName('Value #B', [{ id: 'unit', value: 'short' }]);
  const events = timeseriesPanel({
    title: 'Time-service events by id',
    unit: 'short',
    w: 12,
    h: 7,
    targets: [
      query(
        'A',
        `sum by (instance, provider, event_id) (increase(hostwatch_timesync_events_total{${HOST}}[$__rate_interval]))`,
        { legend: '{{instance}} {{provider}} {{event_id}}' },
      ),
    ],
    about: {
      what: 'hostwatch_timesync_events_total: Microsoft-Windows-Time-Service events and Kernel-General 1 (system time changed) from the event log, by provider and id, per interval.',
      windows: 'the System event log through EvtQuery, with a bookmark kept in the storage directory.',
      linux: 'not available (no event log); steps the kernel announces are in the steps table.',
      alerts: ['HostwatchClockSteppedBackward'],
    },
  }).drawStyle(common.GraphDrawStyle.Bars);
  return [state, source, events];
}
