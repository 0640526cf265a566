// Retry policy as pure functions: whether to retry an attempt and how long to
// wait first. The client loop only calls these; tests cover them by table.

/** What happened on one attempt. */
export interface AttemptOutcome {
  /** Retries already made for this call (0 on the first attempt). */
  readonly retriesSoFar: number;
  readonly maxRetries: number;
  /** HTTP status when a response arrived. */
  readonly statusCode?: number;
  /** Lower-cased `stripe-should-retry` header value, if any. */
  readonly shouldRetryHeader?: string;
  /** Set when no response arrived. `aborted` means the caller cancelled. */
  readonly failure?: 'connection' | 'timeout' | 'aborted';
}

export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 5_000;
/** Longest `Retry-After` we honour; anything larger is clamped so a bad header cannot stall a caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Retry connection failures, timeouts, 409, 429 and 5xx; `Stripe-Should-Retry` overrides the status rule. */
export function shouldRetry(o: AttemptOutcome): boolean {
  if (o.failure === 'aborted') return false;
  if (o.retriesSoFar >= o.maxRetries) return false;
  if (o.failure !== undefined) return true;
  if (o.shouldRetryHeader === 'false') return false;
  if (o.shouldRetryHeader === 'true') return true;
  const s = o.statusCode ?? 0;
  return s === 409 || s === 429 || s >= 500;
}

/** The shape of RFC 9110's HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`); Date.parse alone accepts far more. */
const HTTP_DATE = /^\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT$/;

/**
 * `Retry-After` (delta-seconds, or an HTTP-date measured against `nowMs`) in
 * milliseconds, unclamped; undefined when absent or unreadable. A date in the past means 0.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const v = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Number(v) * 1000;
  if (!HTTP_DATE.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** `Retry-After` as milliseconds, clamped to MAX_RETRY_AFTER_MS, or undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | undefined, nowMs: number = Date.now()): number | undefined {
  const ms = parseRetryAfter(header, nowMs);
  return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}

/**
 * Delay before retry number `retryNumber` (1 for the first retry).
 * `Retry-After` (seconds or an HTTP-date, against `nowMs`) wins when present; otherwise 0.5 s doubling up to 5 s, with
 * jitter in [half, full] of that (never below 0.5 s), like stripe-node.
 * `random` is a value in [0, 1).
 */
export function retryDelayMs(retryNumber: number, retryAfterHeader: string | undefined, random: number, nowMs: number = Date.now()): number {
  const fromHeader = parseRetryAfterMs(retryAfterHeader, nowMs);
  if (fromHeader !== undefined) return fromHeader;
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** Math.max(0, retryNumber - 1), MAX_RETRY_DELAY_MS);
  return Math.max(INITIAL_RETRY_DELAY_MS, Math.round(base * 0.5 * (1 + random)));
}
