// How long one reading of the service list counts, whether it succeeded or failed. A
// reading serves every update of its cache period; so does a failed one: a manager that
// is not there (no systemd, the SCM unreachable) is asked again once per period, not on
// every scrape, and each update of the period fails with the same error, so the runner
// keeps hostwatch_collector_success at 0 and logs it once. Concurrent updates share the
// reading in flight.

/** Milliseconds on a monotonic clock (performance.now in the collector, a counter in tests). */
export type MonotonicClock = () => number;

export class CachedReading {
  private inFlight: Promise<void> | undefined;
  private validUntil = -Infinity;
  private failure: unknown;
  private failed = false;

  /**
   * read: one reading (it records what it read, or throws); periodMs: how long a reading,
   * or a failure to read, stands before the next update reads again.
   */
  constructor(
    private readonly read: (signal: AbortSignal) => Promise<void>,
    private readonly periodMs: number,
    private readonly now: MonotonicClock = () => performance.now(),
  ) {}

  /** Reads when the last reading's period is over; rethrows a failure of this period. */
  async update(signal: AbortSignal): Promise<void> {
    if (this.now() < this.validUntil) {
      if (this.failed) throw this.failure;
      return;
    }
    this.inFlight ??= this.readOnce(signal).finally(() => (this.inFlight = undefined));
    await this.inFlight;
  }

  private async readOnce(signal: AbortSignal): Promise<void> {
    try {
      await this.read(signal);
      this.remember(false, undefined);
    } catch (error) {
      // A reading the runner abandoned at its timeout says nothing about the manager
      // (the timeout is reported already): the next update reads again.
      if (!signal.aborted) this.remember(true, error);
      throw error;
    }
  }

  private remember(failed: boolean, failure: unknown): void {
    this.failed = failed;
    this.failure = failure;
    this.validUntil = this.now() + this.periodMs;
  }
}
