// One probe round against one server: look the name up, send `samples` requests one
// after another, keep the reply with the smallest round-trip delay (the one least
// disturbed by queueing, as ntpdate and chrony's filter do). Pure orchestration: the
// lookup, the exchange and the pause are passed in, so tests drive it with fakes.
import type { ResolvedAddress } from './client';
import { judgeExchange } from './sample';
import type { Exchange, NtpSample, NtpServer, RoundResult, SampleResult } from './types';

export interface RoundSettings {
  readonly samples: number;
  readonly spacingSeconds: number;
  readonly replyTimeoutSeconds: number;
}

export interface RoundIo {
  resolve(host: string): Promise<ResolvedAddress>;
  exchange(
    target: ResolvedAddress & { port: number },
    timeoutSeconds: number,
    signal: AbortSignal,
  ): Promise<Exchange>;
  /** Resolves after the pause, or at once when the signal aborts. */
  sleep(seconds: number, signal: AbortSignal): Promise<void>;
}

type Failure = Extract<SampleResult, { ok: false }>;

/** Stops early (with what it has) when the signal aborts: the exporter is shutting down. */
export async function probeRound(
  server: NtpServer,
  settings: RoundSettings,
  io: RoundIo,
  signal: AbortSignal,
): Promise<RoundResult> {
  let resolved: ResolvedAddress;
  try {
    resolved = await io.resolve(server.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const failure: Failure = { ok: false, reason: 'resolve', detail: `name lookup failed (${code})` };
    return { server, address: undefined, requests: 0, best: undefined, failures: [failure] };
  }
  const samples: NtpSample[] = [];
  const failures: Failure[] = [];
  let requests = 0;
  const target = { ...resolved, port: server.port };
  for (let i = 0; i < settings.samples && !signal.aborted; i++) {
    if (i > 0) await io.sleep(settings.spacingSeconds, signal);
    if (signal.aborted) break;
    requests++;
    const result = judgeExchange(await io.exchange(target, settings.replyTimeoutSeconds, signal));
    if (result.ok) samples.push(result.sample);
    else failures.push(result);
    // RFC 5905 section 7.4: after a kiss-o'-death, stop sending to that server.
    if (!result.ok && result.reason === 'kiss_of_death') break;
  }
  return { server, address: resolved.address, requests, best: leastDelayed(samples), failures };
}

export function leastDelayed(samples: readonly NtpSample[]): NtpSample | undefined {
  let best: NtpSample | undefined;
  for (const s of samples) if (!best || s.delaySeconds < best.delaySeconds) best = s;
  return best;
}
