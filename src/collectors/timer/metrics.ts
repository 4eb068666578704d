// The timer family. HELP strings name the data source and the unit.
import type { Registers } from '../../runtime/metrics';
import { gauge, histogram } from '../../runtime/metrics';

/** From 10 µs (Linux hrtimers) to past the 15.625 ms Windows default tick. */
const OVERSHOOT_BUCKETS = [
  0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.016, 0.025, 0.05, 0.1, 0.25, 1,
];

export function timerMetrics(registers: Registers) {
  return {
    resolution: gauge<'kind'>(registers, {
      name: 'hostwatch_timer_resolution_seconds',
      help: 'Timer granularity in seconds, read at scrape time. Windows (NtQueryTimerResolution): kind=current is the timer interrupt period in force, finest the shortest a process may request, coarsest the default when no process asks; Linux: kind=current is the hrtimer resolution (clock_getres CLOCK_MONOTONIC). kind=coarse_clock is the tick of the coarse clock (GetSystemTimeAdjustment increment; CLOCK_MONOTONIC_COARSE).',
      labelNames: ['kind'],
    }),
    slack: gauge(registers, {
      name: 'hostwatch_timer_slack_seconds',
      help: "Timer slack in seconds of the exporter's event-loop thread (prctl PR_GET_TIMERSLACK): how much later than asked the Linux kernel may fire its timers to coalesce wake-ups; read at scrape time. Linux only.",
    }),
    overshoot: histogram(registers, {
      name: 'hostwatch_timer_sleep_overshoot_seconds',
      help: 'How late in seconds a 1 ms OS sleep (nanosleep on Linux; a wait on a waitable timer on Windows, which wakes on the timer tick as Sleep does) woke up, measured on the monotonic clock by a background probe on its own thread, off the event loop; early wake-ups count as 0, failed sleeps are not observed.',
      buckets: OVERSHOOT_BUCKETS,
    }),
  };
}

export type TimerMetrics = ReturnType<typeof timerMetrics>;
