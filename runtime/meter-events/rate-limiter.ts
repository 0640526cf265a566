// Client-side token bucket in events per second, adaptive (AIMD): a 429 halves
// the rate and pauses for Retry-After; each successful request adds back 5%
// of the configured rate. Keeps a fleet of senders from hammering Stripe.

export class RateLimiter {
  /** Current rate, events/s. */
  rate: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private readonly minRate: number;

  constructor(
    private readonly maxRate: number,
    private readonly batchSize: number,
    now: number,
  ) {
    this.rate = maxRate;
    this.minRate = Math.min(maxRate, Math.max(1, maxRate / 100));
    this.tokens = this.capacity();
    this.last = now;
  }

  get enabled(): boolean {
    return Number.isFinite(this.maxRate);
  }

  /** Burst allowance: a tenth of a second of traffic, but never less than one full batch. */
  private capacity(): number {
    return Math.max(this.batchSize, this.rate / 10);
  }

  private refill(now: number): void {
    const elapsed = now - this.last;
    this.last = now;
    if (elapsed > 0) this.tokens = Math.min(this.capacity(), this.tokens + (elapsed * this.rate) / 1000);
  }

  /** Milliseconds until `n` events may leave (0 = now). */
  delayFor(n: number, now: number): number {
    const pause = this.pausedUntil - now;
    if (!this.enabled) return pause > 0 ? pause : 0;
    this.refill(now);
    const missing = Math.min(n, this.capacity()) - this.tokens;
    const wait = missing > 0 ? (missing * 1000) / this.rate : 0;
    return Math.max(wait, pause, 0);
  }

  take(n: number, now: number): void {
    if (!this.enabled) return;
    this.refill(now);
    this.tokens -= n;
  }

  /** A 429: halve the rate and hold everything back for Retry-After (when given). */
  onRateLimited(now: number, retryAfterMs?: number): void {
    if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (!this.enabled) return;
    this.rate = Math.max(this.minRate, this.rate / 2);
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  onSuccess(): void {
    if (this.enabled && this.rate < this.maxRate) this.rate = Math.min(this.maxRate, this.rate + this.maxRate * 0.05);
  }
}
