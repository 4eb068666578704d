// rate_limit of the web config file: a token bucket as Go's rate.Limiter with
// rate.Every(interval) and a burst, which exporter-toolkit uses. A full bucket holds
// `burst` tokens, one comes back every interval, and a request without a token is refused
// (429). Pure: the clock is given.

export class RateLimiter {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly intervalSeconds: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.lastMs = now();
  }

  /** Takes a token if there is one. */
  allow(): boolean {
    const now = this.now();
    const refill = (now - this.lastMs) / (this.intervalSeconds * 1000);
    this.tokens = Math.min(this.burst, this.tokens + refill);
    this.lastMs = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
