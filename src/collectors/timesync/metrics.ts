// The timesync family. HELP strings name the data source and the unit. The step
// families are shared with the clock collector (clockStepsTotal, clockStepSeconds).
import type { Registers } from '../../runtime/metrics';
import { counter, gauge } from '../../runtime/metrics';
import { clockStepSeconds, clockStepsTotal } from '../clock/metrics';

export function timesyncMetrics(registers: Registers) {
  return {
    synchronized: gauge(registers, {
      name: 'hostwatch_timesync_synchronized',
      help: 'Whether the OS time service keeps the clock synchronized (1) or not (0), by the documented verdict: Linux adjtimex not TIME_ERROR and STA_UNSYNC clear; Windows W32Time running, Type not NoSync, an NTP source and |computed offset| within the limit. Absent when the inputs cannot tell.',
    }),
    offset: gauge(registers, {
      name: 'hostwatch_timesync_offset_seconds',
      help: 'Signed phase offset in seconds the kernel is still correcting (adjtimex offset, ns with STA_NANO else us); Linux only.',
    }),
    absoluteOffset: gauge(registers, {
      name: 'hostwatch_timesync_absolute_offset_seconds',
      help: 'Absolute offset in seconds between the system clock and the chosen source as W32Time computed it (PDH Windows Time Service\\Computed Time Offset, unsigned by definition); Windows only, absent where the counter does not exist.',
    }),
    maxError: gauge(registers, {
      name: 'hostwatch_timesync_max_error_seconds',
      help: 'Maximum error in seconds the kernel assumes (adjtimex maxerror; grows 500 us per second without updates, 16 means unsynchronized); Linux only.',
    }),
    estimatedError: gauge(registers, {
      name: 'hostwatch_timesync_estimated_error_seconds',
      help: 'Estimated error in seconds the time daemon last told the kernel (adjtimex esterror); Linux only.',
    }),
    frequencyRatio: gauge(registers, {
      name: 'hostwatch_timesync_frequency_adjustment_ratio',
      help: 'Wall-clock seconds the OS adds per elapsed second, 1 + slew: Linux 1 + (tick - nominal)/nominal + freq/2^16 ppm from adjtimex; Windows time adjustment / time increment from GetSystemTimeAdjustment(Precise), 1 while adjustment is disabled.',
    }),
    adjustmentActive: gauge(registers, {
      name: 'hostwatch_timesync_adjustment_active',
      help: 'Whether the OS is slewing the clock (1) or runs it at its nominal rate (0): Linux adjtimex offset, freq or tick not nominal; Windows GetSystemTimeAdjustment adjustment enabled.',
    }),
    sourceInfo: gauge<'type' | 'server'>(registers, {
      name: 'hostwatch_timesync_source_info',
      help: 'Where time comes from: Windows W32Time Parameters Type and NtpServer hosts (registry); Linux the running time daemon (chronyd, systemd-timesyncd, ntpd), server empty. Always 1.',
      labelNames: ['type', 'server'],
    }),
    serviceRunning: gauge(registers, {
      name: 'hostwatch_timesync_service_running',
      help: 'Whether the time service runs (1) or not (0): Windows W32Time state from the Service Control Manager (0 when the service does not exist); Linux a chronyd, systemd-timesyncd, ntpd, openntpd or ptp4l process in /proc.',
    }),
    roundTripDelay: gauge(registers, {
      name: 'hostwatch_timesync_ntp_round_trip_delay_seconds',
      help: 'Round trip delay in seconds of the last NTP exchange of W32Time (PDH Windows Time Service\\NTP Roundtrip Delay); Windows only, absent where the counter does not exist.',
    }),
    ntpSources: gauge(registers, {
      name: 'hostwatch_timesync_ntp_sources',
      help: 'Number of time sources the W32Time NTP client uses (PDH Windows Time Service\\NTP Client Time Source Count); Windows only, absent where the counter does not exist.',
    }),
    events: counter<'provider' | 'event_id'>(registers, {
      name: 'hostwatch_timesync_events_total',
      help: 'Windows event log events read since the exporter first started on this host (bookmark in the storage directory): Microsoft-Windows-Time-Service events and Kernel-General 1 (system time changed), by provider and event id.',
      labelNames: ['provider', 'event_id'],
    }),
    inputAvailable: gauge<'input'>(registers, {
      name: 'hostwatch_timesync_input_available',
      help: 'Whether each input of the timesync collector answered on the last scrape (1) or is missing on this host (0): Linux adjtimex, daemon, timerfd; Windows registry, service, time_adjustment, pdh, eventlog.',
      labelNames: ['input'],
    }),
    steps: clockStepsTotal(registers),
    stepSize: clockStepSeconds(registers),
  };
}

export type TimesyncMetrics = ReturnType<typeof timesyncMetrics>;
