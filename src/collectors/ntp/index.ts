// The ntp collector: an SNTP probe (RFC 4330 / RFC 5905 on-wire) that measures the offset
// of this host's wall clock from configured NTP servers itself, whatever the OS time
// service believes. Background rounds on its own schedule; off until a server is set.
import { setTimeout as delay } from 'node:timers/promises';
import { duration, integer, type OptionValues } from '../../config/options';
import type { Platform } from '../../platform';
import { clockBackend } from '../clock';
import { defineCollector, type Collector, type CollectorContext } from '../types';
import { exchangeOnce, resolveHost } from './client';
import { probeClock } from './clock';
import { inactiveReason, serversOption } from './config';
import { ntpMetrics } from './metrics';
import { probeRound, type RoundIo, type RoundSettings } from './round';
import { HOLD_INTERVALS, ServerBook } from './server-book';

const ntpOptions = {
  servers: serversOption,
  interval: duration({
    default: 64,
    min: 1,
    max: 120,
    help: 'Pause between probe rounds; each round sends `samples` requests to every server. Up to 120 s, so that the sampler-staleness alert (120 s) stays quiet.',
  }),
  samples: integer({
    default: 4,
    min: 1,
    max: 8,
    help: 'Requests per server per round; the reply with the smallest round-trip delay is kept, as ntpdate and chrony do.',
  }),
  sample_spacing: duration({
    default: 2,
    min: 0,
    max: 10,
    help: "Pause after each reply (or timeout) before the next request of a round to the same server; public servers may answer faster requests with a kiss-o'-death RATE.",
  }),
  reply_timeout: duration({
    default: 1,
    min: 0.01,
    max: 10,
    help: 'How long to wait for each reply before counting it lost.',
  }),
};

export type NtpOptions = OptionValues<typeof ntpOptions>;

export const ntpCollector = defineCollector({
  name: 'ntp',
  description:
    'Offset of the wall clock from NTP servers, measured by an SNTP probe of its own (off until servers are configured).',
  platforms: ['linux', 'windows'],
  options: ntpOptions,
  metrics: ntpMetrics,
  inactive: inactiveReason,
  create: (ctx, options) => new NtpCollector(ctx, options),
});

/** The probe's I/O on this OS: dgram and DNS everywhere, the clock collector's clock. */
export function ntpBackend(platform: Platform): RoundIo {
  const clock = probeClock(clockBackend(platform));
  return {
    resolve: resolveHost,
    exchange: (target, timeoutSeconds, signal) => exchangeOnce(target, clock, timeoutSeconds, signal),
    sleep: (seconds, signal) => delay(seconds * 1000, undefined, { signal }).catch(() => undefined),
  };
}

export function roundSettings(options: NtpOptions): RoundSettings {
  return {
    samples: options.samples,
    spacingSeconds: options.sample_spacing,
    replyTimeoutSeconds: options.reply_timeout,
  };
}

export class NtpCollector implements Collector {
  private readonly books: ServerBook[];
  private readonly io: RoundIo;
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private lastRoundMs: number | undefined;
  private lastError: Error | undefined;

  constructor(
    ctx: CollectorContext,
    private readonly options: NtpOptions,
    io?: RoundIo,
  ) {
    this.io = io ?? ntpBackend(ctx.platform);
    const metrics = ntpMetrics(ctx.registers);
    const holdMs = HOLD_INTERVALS * options.interval * 1000;
    this.books = options.servers.map((s) => new ServerBook(s, metrics, ctx.logger, holdMs));
  }

  start(): void {
    this.runRound();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.round;
  }

  isReady(): boolean {
    return this.lastRoundMs !== undefined || this.lastError !== undefined;
  }

  lastSampleAgeSeconds(): number | undefined {
    return this.lastRoundMs === undefined ? undefined : (performance.now() - this.lastRoundMs) / 1000;
  }

  /** Rounds run in the background; a scrape only reports whether they keep running. */
  update(): void {
    if (this.lastError) throw this.lastError;
  }

  private runRound(): void {
    const signal = this.stopping.signal;
    const settings = roundSettings(this.options);
    const due = this.books.filter((book) => book.due());
    this.round = Promise.all(
      due.map(async (book) => [book, await probeRound(book.server, settings, this.io, signal)] as const),
    )
      .then((results) => {
        if (signal.aborted) return;
        const now = performance.now();
        for (const [book, result] of results) book.record(result, now);
        this.lastRoundMs = now;
        this.lastError = undefined;
      })
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        if (!signal.aborted) this.timer = setTimeout(() => this.runRound(), this.options.interval * 1000);
      });
  }
}
