// Pure classification of an error thrown by the transport, from duck-typed
// fields only (statusCode, code, type, headers, name), so it works with the
// runtime's StripeError classes without importing them. Tested by table.

import { parseRetryAfter } from '../retry.js';

export type RetryReason =
  | 'network'
  | 'conflict'
  | 'rate_limited'
  | 'server_error'
  | 'should_retry'
  | 'unknown'
  | 'timeout'
  | 'session_expired'
  | 'session_unusable';

export type ErrorClass =
  /** 401 billing_meter_event_session_expired: refresh the session and resend the same bytes. */
  | { kind: 'session_expired' }
  /** Transient: back off (at least retryAfterMs when the server said so) and resend. */
  | { kind: 'retry'; reason: RetryReason; retryAfterMs?: number }
  /** 400/413/422: the request was refused for its content; bisect to find the bad events. */
  | { kind: 'invalid' }
  /** 401/403 (other than session expiry), or a local usage error: stop sending. */
  | { kind: 'fatal' }
  /** Any other non-retryable answer: the batch fails as a whole. */
  | { kind: 'permanent' };

interface ErrorLike {
  name?: unknown;
  statusCode?: unknown;
  code?: unknown;
  type?: unknown;
  /** The API's error type on a StripeError (whose `type` is its class name, as in stripe-node). */
  rawType?: unknown;
  headers?: unknown;
}

/** Re-exported: the stream and the client read `Retry-After` the same way. */
export { parseRetryAfter };

export const SESSION_EXPIRED_CODE = 'billing_meter_event_session_expired';
export const SESSION_EXPIRED_TYPE = 'temporary_session_expired';

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** Errors raised locally for a call the client refused to make: retrying the same call cannot help. */
const LOCAL_USAGE_ERRORS = new Set(['StripeUsageError', 'StripeInvalidApiKeyError']);

/** Default cap on a server's Retry-After, as the client's own retries cap it (runtime/retry.ts). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * `maxRetryAfterMs` caps the server's Retry-After: one header must not hold a
 * batch (or, through the rate limiter, the whole stream) past it.
 */
export function classifyError(err: unknown, wallNow: number = Date.now(), maxRetryAfterMs: number = DEFAULT_MAX_RETRY_AFTER_MS): ErrorClass {
  if (typeof err !== 'object' || err === null) return { kind: 'retry', reason: 'unknown' };
  const e = err as ErrorLike;
  // v2 errors are classified by type first: the session error may arrive as a bare type.
  // (`rawType` too: stripe-node keeps the API's type there and the class name in `type`.)
  if (e.type === SESSION_EXPIRED_TYPE || e.rawType === SESSION_EXPIRED_TYPE || e.code === SESSION_EXPIRED_CODE) return { kind: 'session_expired' };
  if (e.name === 'StripeConnectionError') return { kind: 'retry', reason: 'network' };
  if (e.name === 'MeterEventSessionError') return { kind: 'retry', reason: 'session_unusable' };
  if (typeof e.name === 'string' && LOCAL_USAGE_ERRORS.has(e.name)) return { kind: 'fatal' };

  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const shouldRetry = header(e.headers, 'stripe-should-retry');
  const parsed = parseRetryAfter(header(e.headers, 'retry-after'), wallNow);
  const retryAfterMs = parsed === undefined ? undefined : Math.min(parsed, maxRetryAfterMs);
  const retry = (reason: RetryReason): ErrorClass =>
    retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };

  if (status === 401 || status === 403) return { kind: 'fatal' };
  if (shouldRetry === 'true') return retry('should_retry');
  const invalid = status === 400 || status === 413 || status === 422;
  if (shouldRetry === 'false') return invalid ? { kind: 'invalid' } : { kind: 'permanent' };
  if (status === undefined) {
    // Not an HTTP answer and not a known connection error: most likely a transport
    // failure we cannot name. Retrying (bounded by deliveryTimeoutMs) loses nothing.
    return retry('unknown');
  }
  if (status === 409) return retry('conflict');
  if (status === 429) return retry('rate_limited');
  if (status >= 500) return retry('server_error');
  if (invalid) return { kind: 'invalid' };
  return { kind: 'permanent' };
}

/** Whether a failed attempt may still have reached Stripe (its answer was lost or was a server error). */
export function maybeDelivered(cls: ErrorClass): boolean {
  return cls.kind === 'retry' && (cls.reason === 'network' || cls.reason === 'timeout' || cls.reason === 'server_error' || cls.reason === 'unknown' || cls.reason === 'should_retry');
}

/** A key telling two refusals apart: same status, code and message means the same refusal. */
export function refusalKey(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as ErrorLike & { message?: unknown };
  return `${String(e.statusCode)}|${String(e.code)}|${String(e.message)}`;
}

/** Status class of an attempt's outcome, for stats. */
export function responseClass(err: unknown): '4xx' | '5xx' | 'network' | 'other' {
  if (typeof err === 'object' && err !== null) {
    const e = err as ErrorLike;
    if (e.name === 'StripeConnectionError') return 'network';
    if (typeof e.statusCode === 'number') {
      if (e.statusCode >= 500) return '5xx';
      if (e.statusCode >= 400) return '4xx';
    }
  }
  return 'other';
}
