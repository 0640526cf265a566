// Public shapes of the meter-event stream: events, options, stats and the
// result of close(). No runtime code lives here.

import type { MeterEventClock } from './clock.js';
import type { MeterEventDurability } from './durability.js';
import type { MeterEventStreamError } from './errors.js';
import type { SpoolOptions, SpoolUsage } from './spool/types.js';
import type { UndeliveredEvent } from './undelivered.js';

/** An event as the caller hands it to `send()`. */
export interface MeterEvent {
  event_name: string;
  payload: Record<string, string>;
  /** Deduplicated by Stripe for 24 h; a UUID is filled in at `send()` when missing. */
  identifier?: string;
  /** Filled with the enqueue time at `send()` when missing; within the past 35 days, at most 5 min ahead. */
  timestamp?: string | Date;
}

/** An event as it goes on the wire: identifier and timestamp always present. */
export interface PreparedMeterEvent {
  event_name: string;
  payload: Record<string, string>;
  identifier: string;
  timestamp: string;
}

export type OnFullPolicy = 'block' | 'reject' | 'dropOldest' | 'dropNewest';

/** Why an accepted event was not delivered (reported through `onUndelivered`). */
export type UndeliveredReason =
  | 'rejected' // Stripe answered 400 for this single event (isolated by bisection)
  | 'refused' // Stripe refused the whole request, not its events (e.g. no active meter): every event in it, also reported to onError
  | 'delivery_timeout' // retries ran past deliveryTimeoutMs; possibly delivered when an attempt's answer was lost (see UndeliveredEvent.possiblyDelivered)
  | 'not_retryable' // a non-retryable answer for the whole request (e.g. 404, Stripe-Should-Retry: false)
  | 'dropped_oldest' // evicted by onFull: 'dropOldest'
  | 'dropped_newest' // discarded by onFull: 'dropNewest'
  | 'internal_error';

export interface ShutdownHookOptions {
  /** Signals that trigger close(); default ['SIGTERM']. (Spelled as a template type, not `NodeJS.Signals`, so the package's types need no @types/node.) */
  signals?: `SIG${string}`[];
  /** close() deadline when a signal arrives; default 10 000 ms. */
  timeoutMs?: number;
  /** Re-raise the signal after close() so the default action (exit) still happens; default true. */
  reraise?: boolean;
  /** Flush queued events when the event loop drains ('beforeExit'); default true. */
  flushOnBeforeExit?: boolean;
}

export interface MeterEventStreamOptions {
  /** Longest a partial batch waits, from its first event (ms). Default 100. */
  lingerMs?: number;
  /** Events per request, 1..100. Default 100. */
  maxBatchSize?: number;
  /** Concurrent requests. Default 8. */
  maxInFlight?: number;
  /** Client-side token bucket in events/s; halves on 429, recovers on success. `Infinity` disables it. Default 10 000. */
  maxEventsPerSecond?: number;
  /** Queue bound in events. Default 100 000. */
  maxQueueEvents?: number;
  /** Queue bound in serialised bytes. Default 32 MiB (at least 256 KiB). */
  maxQueueBytes?: number;
  /** How long a blocked `send()` waits for space before rejecting with QueueFullError. Default 60 000. */
  maxBlockMs?: number;
  /** What `send()` does when the queue is full. Default 'block'. */
  onFull?: OnFullPolicy;
  /**
   * Pacing for awaited `send()`/`sendMany()` with onFull 'block': past this many
   * queued events the event is still accepted, but the promise resolves only once
   * the queue is back at the mark (the next batch leaving does it), so a loop that
   * awaits send() makes about one batch per response instead of filling the queue.
   * If a wait lasts maxBlockMs (delivery stalled), it ends and pacing pauses until
   * the queue is back at the mark, so the queue still absorbs an outage up to its
   * bound. Default 2 x maxBatchSize x maxInFlight (1 600); `Infinity` turns it off.
   */
  highWaterMark?: number;
  /** Refresh the session this long before it expires (ms). Default 180 000. */
  refreshMarginMs?: number;
  /**
   * Every event is delivered or reported within this long after send() accepted it (ms), time spent
   * queued included (as Kafka's delivery.timeout.ms): a batch is retried until its oldest event's
   * deadline, and a batch still queued past it fails without an attempt. Default 600 000.
   */
  deliveryTimeoutMs?: number;
  /** Per-attempt request timeout (ms); a timed-out attempt is retried. Default 30 000. */
  requestTimeoutMs?: number;
  /** Full-jitter backoff base (ms). Default 500. */
  retryBaseMs?: number;
  /** Full-jitter backoff cap (ms). Default 30 000. */
  retryMaxMs?: number;
  /**
   * Cap on a server's `Retry-After` (ms), for one batch's retry and for the pause of the whole
   * stream after a 429: a `Retry-After: 3600` waits this long, not an hour. Default 60 000 (as the client's retries).
   */
  maxRetryAfterMs?: number;
  /** Payload key that must name the customer. Default 'stripe_customer_id'. */
  customerKey?: string;
  /**
   * Fatal errors (auth, a local usage error), batches that failed for good (including a request-level
   * refusal such as "no active meter"), session problems, and exceptions thrown by onUndelivered.
   * Never receives secrets. An exception thrown here is reported as a process warning.
   */
  onError?: (error: MeterEventStreamError) => void;
  /** Dead letters: accepted events that will not be delivered, with the reason. An exception thrown here goes to onError. */
  onUndelivered?: (events: readonly UndeliveredEvent[]) => void;
  /**
   * Durable mode: each accepted event is appended to a log in `spool.dir` before send() resolves and
   * removed once Stripe accepted it (or it was reported to onUndelivered); a stream opened on the same
   * folder after a crash sends what was left, with the same identifiers. `spool.maxBytes` bounds it on
   * disk with the onFull policy above (the queue's own bounds apply too). stream() throws
   * SpoolLockedError when another stream or process has the folder, SpoolOptionsError for a bad option.
   * A damaged region of the log is skipped and reported to `spool.onCorruption` (default: onError).
   */
  spool?: SpoolOptions;
  /** Advanced: where accepted events are kept until Stripe accepts them (default: memory only). See durability.ts. Not with `spool`. */
  durability?: MeterEventDurability;
  /** Install a SIGTERM/beforeExit flush hook for this stream (removed at close). */
  shutdownHook?: boolean | ShutdownHookOptions;
  /** Test seams. */
  clock?: MeterEventClock;
  random?: () => number;
  generateIdentifier?: () => string;
}

export interface CloseOptions {
  /** Deadline for delivering what is queued and in flight. Default 30 000 ms. */
  timeoutMs?: number;
}

export interface CloseResult {
  /** Events delivered over the stream's lifetime. */
  sent: number;
  /** Accepted events that failed for good (reported to onUndelivered), drops excluded. */
  failed: number;
  /** Accepted events dropped by the onFull policy (also reported to onUndelivered). */
  dropped: number;
  /** Events not delivered by the deadline (or held back by a fatal error), handed back for the caller to keep. */
  pending: PreparedMeterEvent[];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface MeterEventStreamStats {
  enqueued: number;
  sent: number;
  /** Retry attempts (session-expiry resends are counted separately). */
  retried: number;
  failed: Record<string, number>;
  dropped: Record<string, number>;
  /** Events refused at send()/trySend() (the caller still holds them): validation, queue_full, closed, fatal. */
  rejected: Record<string, number>;
  sessionRefreshes: number;
  sessionExpiredResends: number;
  bisections: number;
  /** Exceptions thrown by onUndelivered/onError. */
  callbackErrors: number;
  responses: { '2xx': number; '4xx': number; '5xx': number; network: number; other: number };
  queueDepth: number;
  queueBytes: number;
  blockedSenders: number;
  inFlightRequests: number;
  inFlightEvents: number;
  oldestQueuedAgeMs: number;
  batches: { count: number; meanSize: number; maxSize: number; histogram: Record<string, number> };
  latencyMs: LatencySummary;
  /** Current token-bucket rate (events/s); Infinity when disabled. */
  rateLimit: number;
  closed: boolean;
  fatal: boolean;
  /** With `stream({ spool })` (or a durability that reports usage): the log's bytes, bound, unacknowledged events and segments; else null. */
  spool: SpoolUsage | null;
}
