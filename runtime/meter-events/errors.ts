// Errors the stream raises. Messages never include session tokens or API keys,
// not even a fragment: describe() drops secret-looking words and the stream's
// own session tokens, whatever their shape (the token is the server's business).

/** An event failed validation at send(); `field` names the offending field (e.g. `payload.value`). */
export class MeterEventValidationError extends Error {
  override readonly name = 'MeterEventValidationError';
  /** Position in the array given to sendMany(), when it came from there. */
  index?: number;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The queue stayed full (policy 'reject', or 'block' past maxBlockMs, or too many senders already waiting). The event was not accepted. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  /** For sendMany(): how many events of the array were accepted (from the start) before this one; the rest were not. */
  accepted?: number;
  constructor(
    readonly waitedMs: number,
    detail?: string,
  ) {
    super(detail ?? (waitedMs > 0 ? `meter event queue still full after ${Math.round(waitedMs)} ms` : 'meter event queue is full'));
  }
}

/** send() after close(), or a blocked send() released by close(). The event was not accepted. */
export class StreamClosedError extends Error {
  override readonly name = 'StreamClosedError';
  /** For sendMany(): how many events of the array were accepted (from the start) before close() cut it off; the rest were not. */
  accepted?: number;
  constructor() {
    super('meter event stream is closed');
  }
}

/** Base of the errors handed to onError. */
export class MeterEventStreamError extends Error {
  override readonly name: string = 'MeterEventStreamError';
  constructor(
    message: string,
    /** The transport's error (a StripeError in production). */
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/**
 * Sending stopped for good: 401/403 other than session expiry, a session that
 * cannot be created for a non-transient reason, or a local usage error (such as
 * a session token that cannot go in a header). Queued events are kept for close().
 */
export class MeterEventFatalError extends MeterEventStreamError {
  override readonly name = 'MeterEventFatalError';
  /** For sendMany(): how many events of the array were accepted before the stop; the rest were not. */
  accepted?: number;
  constructor(cause: unknown, secrets: Iterable<string> = []) {
    super(`meter event stream stopped: ${describe(cause, secrets)}`, cause);
  }
}

/** Undelivered reasons whose events may have reached Stripe anyway (an attempt's answer was lost). */
const MAYBE_REASONS = new Set(['delivery_timeout', 'internal_error']);

/**
 * A batch (or part of one) failed for good; its events went to onUndelivered.
 * With `possiblyDelivered`, an attempt's outcome was unknown (timeout, lost
 * connection, 5xx): Stripe may hold the events; resending them with the same
 * identifiers is safe (Stripe deduplicates for 24 hours).
 */
export class MeterEventDeliveryError extends MeterEventStreamError {
  override readonly name = 'MeterEventDeliveryError';
  constructor(
    readonly reason: string,
    readonly eventCount: number,
    cause: unknown,
    readonly possiblyDelivered: boolean = false,
    secrets: Iterable<string> = [],
  ) {
    const what = possiblyDelivered && MAYBE_REASONS.has(reason) ? 'not confirmed (possibly delivered)' : 'undelivered';
    super(`${eventCount} meter event(s) ${what} (${reason}): ${describe(cause, secrets)}`, cause);
  }
}

/**
 * A session problem that does not stop the stream: a malformed or timed-out
 * session response (retried like a failed send), or a background refresh
 * refused while the current token still works (reported at once through
 * onError; the stream stops only if no new session can be had when it expires).
 */
export class MeterEventSessionError extends MeterEventStreamError {
  override readonly name = 'MeterEventSessionError';
  constructor(message: string, cause?: unknown, secrets: Iterable<string> = []) {
    super(cause === undefined ? message : `${message}: ${describe(cause, secrets)}`, cause);
  }
}

/** onUndelivered (or another callback) threw: reported to onError, since the events it was given may not have been kept. */
export class MeterEventCallbackError extends MeterEventStreamError {
  override readonly name = 'MeterEventCallbackError';
  constructor(callback: string, cause: unknown) {
    super(`${callback} threw: ${describe(cause)}`, cause);
  }
}

/** Secret-looking words (keys, tokens, webhook secrets): dropped whole, not shortened to a prefix and tail. */
const SECRET_WORD = /\b(?:sk|rk|pk|ek|whsec|tok)_[^\s"',;)]*/g;

/** Removes every secret-looking word and every given secret from `text`. */
export function scrub(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('<redacted>');
  return out.replace(SECRET_WORD, '<redacted>');
}

/** A short description of a transport error from duck-typed fields only (no headers), with secrets removed. */
export function describe(err: unknown, secrets: Iterable<string> = []): string {
  if (typeof err !== 'object' || err === null) return scrub(String(err), secrets);
  const e = err as { name?: unknown; statusCode?: unknown; code?: unknown; message?: unknown };
  const parts: string[] = [];
  if (typeof e.name === 'string') parts.push(e.name);
  if (typeof e.statusCode === 'number') parts.push(String(e.statusCode));
  if (typeof e.code === 'string') parts.push(e.code);
  if (typeof e.message === 'string' && e.message) parts.push(e.message.slice(0, 200));
  return scrub(parts.join(' '), secrets) || 'unknown error';
}
