// check: one probe round against each configured NTP server with the ntp collector's
// backend, a line per server (offset, delay, stratum) and the verdict the alerts reach:
// the median offset over the servers that answered, less the largest error bound.
import { ntpBackend, ntpCollector, roundSettings } from '../collectors/ntp';
import { inactiveReason } from '../collectors/ntp/config';
import { probeRound } from '../collectors/ntp/round';
import type { RoundResult } from '../collectors/ntp/types';
import { formatSeconds, type Finding } from './findings';
import { SEE } from './runbooks';
import { collectorSection } from './section';
import { OFFSET_LIMIT_SECONDS } from './timesync';

/** Offset the services on a host cannot absorb: HostwatchClockSkewCritical pages beyond it. */
export const SKEW_PAGE_SECONDS = 1;

export const ntpSection = collectorSection(ntpCollector, 'ntp probe', async (options, ctx) => {
  const off = inactiveReason(options);
  if (off !== undefined) return [{ status: 'info', text: `off: ${off}` }];
  const io = ntpBackend(ctx.platform);
  const signal = new AbortController().signal;
  const rounds = await Promise.all(
    options.servers.map((server) => probeRound(server, roundSettings(options), io, signal)),
  );
  return evaluateNtp(rounds);
});

export function evaluateNtp(rounds: readonly RoundResult[]): Finding[] {
  const findings: Finding[] = rounds.map(serverLine);
  const answered = rounds.flatMap((r) => (r.best ? [r.best] : []));
  if (answered.length === 0) {
    findings.push({
      status: 'attention',
      text: 'no NTP server gave a usable reply: the offset of this clock is not measured',
      see: SEE.ntpUnreachable,
    });
    return findings;
  }
  const offset = median(answered.map((s) => s.offsetSeconds));
  const bound = Math.max(...answered.map((s) => s.errorBoundSeconds));
  const beyond = Math.abs(offset) - bound;
  const what = `wall clock offset ${signed(offset)} ± ${formatSeconds(bound)} (median of ${answered.length} server${answered.length === 1 ? '' : 's'})`;
  if (beyond > SKEW_PAGE_SECONDS) {
    findings.push({
      status: 'attention',
      text: `${what}: beyond ${formatSeconds(SKEW_PAGE_SECONDS)}`,
      see: SEE.skewCritical,
    });
  } else if (beyond > OFFSET_LIMIT_SECONDS) {
    findings.push({
      status: 'attention',
      text: `${what}: beyond ${formatSeconds(OFFSET_LIMIT_SECONDS)}`,
      see: SEE.offsetHigh,
    });
  } else {
    findings.push({ status: 'ok', text: `${what}: within ${formatSeconds(OFFSET_LIMIT_SECONDS)}` });
  }
  return findings;
}

function serverLine(r: RoundResult): Finding {
  const where = `${r.server.label}${r.address && r.address !== r.server.host ? ` (${r.address})` : ''}`;
  const s = r.best;
  if (!s) {
    const reasons = [...new Set(r.failures.map((f) => f.detail))].join('; ');
    return { status: 'info', text: `${where}: no usable reply of ${r.requests} (${reasons})` };
  }
  const leap = s.server.leap === 0 ? '' : `, leap second announced (leap ${s.server.leap})`;
  return {
    status: 'ok',
    text: `${where}: offset ${signed(s.offsetSeconds)} ± ${formatSeconds(s.errorBoundSeconds)}, delay ${formatSeconds(s.delaySeconds)}, stratum ${s.server.stratum}, reference ${s.server.referenceId || '-'}${leap}`,
  };
}

/** The middle value; the mean of the two middle ones for an even count (PromQL's quantile 0.5). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(mid)] ?? NaN) + (sorted[Math.ceil(mid)] ?? NaN)) / 2;
}

const signed = (seconds: number) => `${seconds >= 0 ? '+' : ''}${formatSeconds(seconds)}`;
