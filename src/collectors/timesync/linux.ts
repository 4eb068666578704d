// Linux timesync backend: adjtimex (read only), the time daemon from /proc, and
// clock-set notifications from a timerfd (linux-clock-set.ts). The kernel clocksource is
// the clock collector's (hostwatch_clock_source_info).
import { readdirSync, readFileSync } from 'node:fs';
import { readTimex } from '../../platform/linux/timex';
import { ClockSetWatcher } from './linux-clock-set';
import { findTimeDaemon, parseTimex } from './parse';
import { inputReader, type InputReader } from './read-input';
import type { Findings, InputErrorHandler, ReportedStep, TimesyncBackend, TimesyncReading } from './types';

const MAX_PENDING_STEPS = 10_000;

export interface LinuxBackendSettings {
  readonly pollIntervalSeconds: number;
  readonly onError: InputErrorHandler;
}

export function linuxTimesyncBackend(settings: LinuxBackendSettings): TimesyncBackend {
  const watcher = new ClockSetWatcher();
  const daemons = new TimeDaemonFinder();
  const readInput = inputReader(settings.onError);
  let watching = false;
  let timer: NodeJS.Timeout | undefined;
  let steps: ReportedStep[] = [];
  const poll = () => {
    try {
      const { stepSeconds } = watcher.poll();
      // Bounded in case nobody scrapes: counts are what matter, not an endless backlog.
      if (stepSeconds !== undefined && steps.length < MAX_PENDING_STEPS) {
        steps.push({ source: 'kernel', seconds: stepSeconds });
      }
    } catch (error) {
      watching = false;
      clearInterval(timer);
      settings.onError('timerfd', error as Error);
    }
  };
  return {
    read: () => readLinux(readInput, daemons),
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

function readLinux(readInput: InputReader, daemons: TimeDaemonFinder): TimesyncReading {
  const timex = readInput('adjtimex', () => parseTimex(readTimex()));
  const daemon = readInput('daemon', () => daemons.find());
  return {
    ...(timex && {
      linuxKernel: { clockState: timex.clockState, status: timex.status },
      offsetSeconds: timex.offsetSeconds,
      maxErrorSeconds: timex.maxErrorSeconds,
      estimatedErrorSeconds: timex.estimatedErrorSeconds,
      frequencyRatio: timex.frequencyRatio,
      adjustmentActive: timex.adjusting,
    }),
    ...(daemon !== undefined && { serviceRunning: daemon.name !== undefined }),
    ...(daemon?.name !== undefined && { source: { type: daemon.name, server: '' } }),
    inputs: { adjtimex: !!timex, daemon: daemon !== undefined },
  };
}

/**
 * Finds the running time daemon. A full /proc scan costs about 10 us per process, so the
 * daemon's pid is remembered and checked first; and with no daemon running, a scan per
 * scrape would be the costliest part of the scrape (bench: 0.9 of 2.2 ms with 100
 * processes), so a miss is remembered too and a daemon that starts is seen on the first
 * read after `missTtlMs`.
 */
export class TimeDaemonFinder {
  private last: { pid: string; name: string } | undefined;
  private lastMissMs: number | undefined;

  constructor(private readonly missTtlMs = 60_000) {}

  find(): { name: string | undefined } {
    const last = this.last;
    if (last && findTimeDaemon([commOf(last.pid) ?? '']) === last.name) return { name: last.name };
    if (!last && this.lastMissMs !== undefined && performance.now() - this.lastMissMs < this.missTtlMs) {
      return { name: undefined };
    }
    const found: Array<{ pid: string; name: string }> = [];
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const comm = commOf(pid);
      const name = comm === undefined ? undefined : findTimeDaemon([comm]);
      if (name !== undefined) found.push({ pid, name });
    }
    // Several daemons: the same preference order as findTimeDaemon (chronyd first).
    const best = findTimeDaemon(found.map((f) => f.name.slice(0, 15)));
    this.last = found.find((f) => f.name === best);
    this.lastMissMs = this.last ? undefined : performance.now();
    return { name: this.last?.name };
  }
}

/** A process's comm, or undefined when it exited between readdir and read. */
function commOf(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8');
  } catch {
    return undefined;
  }
}
