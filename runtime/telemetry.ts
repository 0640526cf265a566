// X-Stripe-Client-Telemetry, as stripe-node sends it: each call carries the id
// and duration of one earlier successful call (a bounded FIFO), so Stripe can
// measure client-side latency. No params, no keys.

const MAX_BUFFERED = 100;

export class Telemetry {
  readonly #metrics: Array<{ request_id: string; request_duration_ms: number }> = [];

  record(requestId: string | undefined, durationMs: number): void {
    if (requestId && this.#metrics.length < MAX_BUFFERED) this.#metrics.push({ request_id: requestId, request_duration_ms: durationMs });
  }

  /** The header value for the next call, or undefined when nothing is buffered. */
  next(): string | undefined {
    const m = this.#metrics.shift();
    return m && JSON.stringify({ last_request_metrics: m });
  }
}
