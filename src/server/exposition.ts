// What /metrics serves, made once and shared: one collector update, one rendering per
// format, one gzip of each, for every scrape that arrives within MAX_AGE of the scrape
// that asked for the update.
//
// Freshness, exactly: a scrape arriving at time t is answered from an update that began
// at or after t - maxAge (t itself when no such update exists: it then waits for a new
// one, which starts after any update still in flight). So every value a scrape-time
// collector reads from the OS is at most maxAge older than the scrape; a background
// sampler's value is as old as its last sample at that update (exported as
// hostwatch_collector_last_sample_age_seconds) plus at most maxAge. With maxAge 0 every
// scrape gets an update of its own.
//
// A scrape may bring a budget (X-Prometheus-Scrape-Timeout-Seconds minus a margin): its
// update cuts every collector at that budget (success 0 for the ones cut). It shares an
// update only if that update's budget is no longer than its own, so no scrape waits past
// its deadline for an update asked for by a more patient one.
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { Registries } from './app';
import type { Encoding, ExpositionFormat } from './negotiate';

/** The default bound on how long one update serves scrapes; docs/architecture.md. */
export const MAX_AGE_SECONDS = 1;

const gzipAsync = promisify(gzip);
/**
 * zlib's fastest level: on a 48 kB exposition it takes about a quarter of the CPU of the
 * default level (6) for about 11% more bytes (8.9 kB against 8.0 kB); a scrape's CPU
 * matters more here than a kilobyte on the wire.
 */
const compress = (body: Buffer) => gzipAsync(body, { level: constants.Z_BEST_SPEED });

type AnswerKey = `${ExpositionFormat} ${Encoding}`;
/** Built once: a key made per scrape would be garbage per scrape. */
const ANSWER_KEYS: Record<ExpositionFormat, Record<Encoding, AnswerKey>> = {
  prometheus: { gzip: 'prometheus gzip', identity: 'prometheus identity' },
  openmetrics: { gzip: 'openmetrics gzip', identity: 'openmetrics identity' },
};

/** What updates the metrics; the runner in the exporter. */
export interface UpdateSource {
  /**
   * An update that begins no earlier than this call (after any still in flight), each
   * collector cut at budgetSeconds when given.
   */
  freshUpdate(budgetSeconds?: number): Promise<void>;
}

export interface Exposition {
  readonly contentType: string;
  readonly encoding: Encoding;
  readonly body: Buffer;
  /**
   * The HTTP response headers, made with the exposition: every scrape it serves sends
   * them as they are (node:http only reads them). Vary names both negotiated headers, so
   * a cache between Prometheus and the exporter never hands gzip to a client that did not
   * ask for it.
   */
  readonly headers: Readonly<Record<string, string | number>>;
}

interface Rendering {
  readonly contentType: string;
  readonly body: Buffer;
  /** Compressed on first use, on libuv's thread pool (zlib), once per rendering. */
  readonly gzipped: Promise<Buffer>;
}

/** One update and what was rendered from it. */
interface Generation {
  readonly askedMs: number;
  /** The budget its update was asked with; undefined: the collectors' own timeouts. */
  readonly budgetSeconds: number | undefined;
  readonly updated: Promise<void>;
  readonly renderings: Map<ExpositionFormat, Promise<Rendering>>;
  readonly answers: Map<AnswerKey, Promise<Exposition>>;
  /** The answers that have resolved, for scrapes served without a promise (settled()). */
  readonly settled: Map<AnswerKey, Exposition>;
}

export class ExpositionCache {
  private generation: Generation | undefined;

  constructor(
    private readonly source: UpdateSource,
    private readonly registries: Registries,
    private readonly maxAgeSeconds = MAX_AGE_SECONDS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * What a scrape in this format and encoding gets. Every scrape a generation serves in
   * the same format and encoding gets the same promise: a cached scrape allocates nothing
   * here (at thousands of scrapes a second, garbage is what grows the heap).
   */
  get(format: ExpositionFormat, encoding: Encoding, budgetSeconds?: number): Promise<Exposition> {
    const generation = this.current(budgetSeconds);
    const key = ANSWER_KEYS[format][encoding];
    let answer = generation.answers.get(key);
    if (!answer) {
      answer = this.answer(generation, format, encoding);
      generation.answers.set(key, answer);
    }
    return answer;
  }

  /**
   * What get() would resolve to, when the generation it would use has that answer ready;
   * else undefined. It never starts an update. Serving a scrape from it allocates no
   * promise at all (metrics-route.ts).
   */
  settled(format: ExpositionFormat, encoding: Encoding, budgetSeconds?: number): Exposition | undefined {
    return this.fresh(budgetSeconds)?.settled.get(ANSWER_KEYS[format][encoding]);
  }

  private async answer(generation: Generation, format: ExpositionFormat, encoding: Encoding) {
    await generation.updated;
    let rendering = generation.renderings.get(format);
    if (!rendering) {
      rendering = this.render(format);
      generation.renderings.set(format, rendering);
    }
    const r = await rendering;
    const body = encoding === 'gzip' ? await r.gzipped : r.body;
    const exposition: Exposition = {
      contentType: r.contentType,
      encoding,
      body,
      headers: responseHeaders(r.contentType, encoding, body),
    };
    generation.settled.set(ANSWER_KEYS[format][encoding], exposition);
    return exposition;
  }

  /** The generation a scrape with this budget may be served from now, if there is one. */
  private fresh(budgetSeconds: number | undefined): Generation | undefined {
    const kept = this.generation;
    if (!kept || this.now() - kept.askedMs >= this.maxAgeSeconds * 1000) return undefined;
    return fits(kept, budgetSeconds) ? kept : undefined;
  }

  private current(budgetSeconds: number | undefined): Generation {
    const kept = this.fresh(budgetSeconds);
    if (kept) return kept;
    const now = this.now();
    const updated = this.source.freshUpdate(budgetSeconds);
    const generation: Generation = {
      askedMs: now,
      budgetSeconds,
      updated,
      renderings: new Map(),
      answers: new Map(),
      settled: new Map(),
    };
    // A failed update must not be served for maxAge: the next scrape asks again.
    updated.catch(() => {
      if (this.generation === generation) this.generation = undefined;
    });
    this.generation = generation;
    return generation;
  }

  private async render(format: ExpositionFormat): Promise<Rendering> {
    const registry = format === 'openmetrics' ? this.registries.openmetrics : this.registries.prometheus;
    const body = Buffer.from(await registry.metrics());
    let gzipped: Promise<Buffer> | undefined;
    return {
      contentType: registry.contentType,
      body,
      get gzipped() {
        return (gzipped ??= compress(body));
      },
    };
  }
}

/** An update fits a scrape's budget when it was cut at the same or a shorter one. */
function fits(generation: Generation, budgetSeconds: number | undefined): boolean {
  if (budgetSeconds === undefined) return true;
  return generation.budgetSeconds !== undefined && generation.budgetSeconds <= budgetSeconds;
}

function responseHeaders(contentType: string, encoding: Encoding, body: Buffer): Exposition['headers'] {
  return Object.freeze({
    'Content-Type': contentType,
    'Content-Length': body.length,
    Vary: 'Accept, Accept-Encoding',
    ...(encoding === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
  });
}
