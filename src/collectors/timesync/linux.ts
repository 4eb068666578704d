// Linux timesync backend: adjtimex (read only), sysfs clocksources, the time daemon
// from /proc, and clock-set notifications from a timerfd (linux-clock-set.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { TIMEX_SIZE, libc } from '../../platform/linux/libc';
import { ClockSetWatcher } from './linux-clock-set';
import { findTimeDaemon, parseClocksources, parseTimex, type Timex } from './parse';
import type { Findings, ReportedStep, TimesyncBackend, TimesyncReading } from './types';

const CLOCKSOURCE_DIR = '/sys/devices/system/clocksource/clocksource0';

export interface LinuxBackendSettings {
  readonly pollIntervalSeconds: number;
  readonly onError: (input: string, error: Error) => void;
}

export function linuxTimesyncBackend(settings: LinuxBackendSettings): TimesyncBackend {
  const watcher = new ClockSetWatcher();
  let watching = false;
  let timer: NodeJS.Timeout | undefined;
  let steps: ReportedStep[] = [];
  const poll = () => {
    try {
      const { stepSeconds } = watcher.poll();
      if (stepSeconds !== undefined) steps.push({ source: 'kernel', seconds: stepSeconds });
    } catch (error) {
      watching = false;
      clearInterval(timer);
      settings.onError('timerfd', error as Error);
    }
  };
  return {
    read: () => readLinux(settings.onError),
    start() {
      try {
        watcher.open();
        watching = true;
        timer = setInterval(poll, settings.pollIntervalSeconds * 1000);
        timer.unref();
      } catch (error) {
        settings.onError('timerfd', error as Error);
      }
    },
    drain(): Findings {
      const found = steps;
      steps = [];
      return { steps: found, events: [] };
    },
    watcherInputs: () => ({ timerfd: watching }),
    stop() {
      clearInterval(timer);
      watcher.close();
      watching = false;
    },
  };
}

function readLinux(onError: LinuxBackendSettings['onError']): TimesyncReading {
  const tryRead = <T>(input: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      onError(input, error as Error);
      return undefined;
    }
  };
  const timex = tryRead('adjtimex', readAdjtimex);
  const clocksources = tryRead('clocksource', () =>
    parseClocksources(
      readFileSync(`${CLOCKSOURCE_DIR}/current_clocksource`, 'utf8'),
      readFileSync(`${CLOCKSOURCE_DIR}/available_clocksource`, 'utf8'),
    ),
  );
  const comms = tryRead('daemon', processNames);
  const daemon = comms && findTimeDaemon(comms);
  return {
    ...(timex && {
      linuxKernel: { clockState: timex.clockState, status: timex.status },
      offsetSeconds: timex.offsetSeconds,
      maxErrorSeconds: timex.maxErrorSeconds,
      estimatedErrorSeconds: timex.estimatedErrorSeconds,
      frequencyRatio: timex.frequencyRatio,
      adjustmentActive: timex.adjusting,
    }),
    ...(clocksources && { clocksources }),
    ...(comms && { serviceRunning: daemon !== undefined }),
    ...(daemon && { source: { type: daemon, server: '' } }),
    inputs: { adjtimex: !!timex, clocksource: !!clocksources, daemon: !!comms },
  };
}

function readAdjtimex(): Timex {
  const c = libc();
  const buf = Buffer.alloc(TIMEX_SIZE); // modes = 0: read only, never sets anything
  const state = c.adjtimex(buf) as number;
  if (state < 0) throw new Error(`adjtimex failed (errno ${c.errno()})`);
  return parseTimex(buf, state);
}

/** comm of every process we can see; a process that exits mid-scan is skipped. */
function processNames(): string[] {
  const names: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      names.push(readFileSync(`/proc/${entry}/comm`, 'utf8'));
    } catch {
      // gone between readdir and read
    }
  }
  return names;
}
