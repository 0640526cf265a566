// Errors the stream raises. Messages never include session tokens or API keys.

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

/** The queue stayed full (policy 'reject', or 'block' past maxBlockMs). The event was not accepted. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  /** For sendMany(): how many events of the array were accepted before this one. */
  accepted?: number;
  constructor(readonly waitedMs: number) {
    super(waitedMs > 0 ? `meter event queue still full after ${Math.round(waitedMs)} ms` : 'meter event queue is full');
  }
}

/** send() after close(), or a blocked send() released by close(). The event was not accepted. */
export class StreamClosedError extends Error {
  override readonly name = 'StreamClosedError';
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

/** Sending stopped for good (401/403 other than session expiry, or the session cannot be created). Queued events are kept for close(). */
export class MeterEventFatalError extends MeterEventStreamError {
  override readonly name = 'MeterEventFatalError';
  constructor(cause: unknown) {
    super(`meter event stream stopped: ${describe(cause)}`, cause);
  }
}

/** A batch (or part of one) failed for good; its events went to onUndelivered. */
export class MeterEventDeliveryError extends MeterEventStreamError {
  override readonly name = 'MeterEventDeliveryError';
  constructor(
    readonly reason: string,
    readonly eventCount: number,
    cause: unknown,
  ) {
    super(`${eventCount} meter event(s) undelivered (${reason}): ${describe(cause)}`, cause);
  }
}

/** A short description of a transport error from duck-typed fields only (no headers, so no secrets). */
export function describe(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as { name?: unknown; statusCode?: unknown; code?: unknown; message?: unknown };
  const parts: string[] = [];
  if (typeof e.name === 'string') parts.push(e.name);
  if (typeof e.statusCode === 'number') parts.push(String(e.statusCode));
  if (typeof e.code === 'string') parts.push(e.code);
  if (typeof e.message === 'string' && e.message) parts.push(e.message.slice(0, 200));
  return parts.join(' ') || 'unknown error';
}
