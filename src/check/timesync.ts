// check: the time-sync verdict now, with the timesync collector's backend and its
// documented verdict (src/collectors/timesync/verdict.ts).
import { timesyncBackend, timesyncCollector } from '../collectors/timesync';
import type { TimesyncReading } from '../collectors/timesync/types';
import { synchronized } from '../collectors/timesync/verdict';
import { formatSeconds, type Finding } from './findings';
import { SEE } from './runbooks';
import { collectorSection } from './section';

/** node-mixin's NodeClockSkewDetected bound, which the alert rules keep. */
export const OFFSET_LIMIT_SECONDS = 0.05;

export const timesyncSection = collectorSection(timesyncCollector, 'time sync', (options, ctx) => {
  const missing = new Set<string>();
  const backend = timesyncBackend(
    {
      platform: ctx.platform,
      // No state directory: check keeps no event-log bookmark.
      stateDir: undefined,
      onError: (input) => void missing.add(input),
      onNotice: () => undefined,
    },
    options,
  );
  // Windows opens its PDH counters in start(); Linux's start() only arms the timerfd.
  if (ctx.platform === 'windows') backend.start();
  try {
    const reading = backend.read();
    const verdict = synchronized(reading, { maxOffsetSeconds: options.max_offset });
    return Promise.resolve(evaluateTimesync(reading, verdict, [...missing]));
  } finally {
    backend.stop();
  }
});

export function evaluateTimesync(
  r: TimesyncReading,
  verdict: boolean | undefined,
  missingInputs: readonly string[],
): Finding[] {
  const details = [
    r.source ? `source ${[r.source.type, r.source.server].filter(Boolean).join(' ')}` : undefined,
    r.offsetSeconds === undefined ? undefined : `offset ${formatSeconds(r.offsetSeconds)}`,
    r.maxErrorSeconds === undefined ? undefined : `max error ${formatSeconds(r.maxErrorSeconds)}`,
  ].filter(Boolean);
  const suffix = details.length > 0 ? ` (${details.join(', ')})` : '';
  const findings: Finding[] = [];
  if (verdict === true) findings.push({ status: 'ok', text: `synchronized${suffix}` });
  else if (verdict === false) {
    findings.push({
      status: 'attention',
      text: `not synchronized${suffix}: ${notSyncedReason(r)}`,
      see: SEE.notSynchronising,
    });
  } else {
    const answered = Object.keys(r.inputs).filter((k) => r.inputs[k]);
    findings.push({
      status: 'info',
      text: `synchronization unknown: the OS inputs that answered (${answered.join(', ') || 'none'}) cannot tell${suffix}`,
    });
  }
  const offset = r.offsetSeconds ?? r.absoluteOffsetSeconds;
  if (offset !== undefined && Math.abs(offset) > OFFSET_LIMIT_SECONDS) {
    findings.push({
      status: 'attention',
      text: `time offset ${formatSeconds(offset)} to the reference: over ${formatSeconds(OFFSET_LIMIT_SECONDS)}`,
      see: SEE.offsetHigh,
    });
  }
  if (missingInputs.length > 0) {
    findings.push({ status: 'info', text: `inputs unavailable on this host: ${missingInputs.join(', ')}` });
  }
  return findings;
}

function notSyncedReason(r: TimesyncReading): string {
  if (r.linuxKernel) return 'the kernel says no time daemon disciplines the clock (STA_UNSYNC)';
  if (r.windowsService && !r.windowsService.serviceRunning) return 'the Windows Time service is not running';
  if (r.windowsService?.type === 'NoSync') return 'W32Time is configured with Type NoSync';
  return 'no NTP source, or the offset is beyond collectors.timesync.max_offset';
}
