// Option defaults and their bounds, resolved once per stream so the hot path
// reads plain fields. Bad options throw a RangeError at stream creation.

import { DEFAULT_MAX_RETRY_AFTER_MS } from './classify.js';
import { systemClock, type MeterEventClock } from './clock.js';
import type { MeterEventDurability } from './durability.js';
import type { MeterEventStreamError } from './errors.js';
import type { SpoolOptions } from './spool/types.js';
import type { MeterEventStreamOptions, OnFullPolicy, ShutdownHookOptions } from './types.js';
import type { UndeliveredEvent } from './undelivered.js';
import { MAX_BODY_BYTES } from './validate.js';

export interface ResolvedOptions {
  lingerMs: number;
  maxBatchSize: number;
  maxInFlight: number;
  maxEventsPerSecond: number;
  maxQueueEvents: number;
  maxQueueBytes: number;
  maxBlockMs: number;
  onFull: OnFullPolicy;
  /** Pacing threshold in events (Infinity: off); only used with onFull 'block'. */
  highWaterMark: number;
  refreshMarginMs: number;
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxRetryAfterMs: number;
  customerKey: string;
  onError: ((error: MeterEventStreamError) => void) | undefined;
  onUndelivered: ((events: readonly UndeliveredEvent[]) => void) | undefined;
  durability: MeterEventDurability | null;
  /** Opened by the stream (it holds a lock and files), so it is not resolved here. */
  spool: SpoolOptions | undefined;
  shutdownHook: ShutdownHookOptions | undefined;
  clock: MeterEventClock;
  random: () => number;
  generateIdentifier: () => string;
}

const POLICIES: readonly OnFullPolicy[] = ['block', 'reject', 'dropOldest', 'dropNewest'];

function num(name: string, value: number | undefined, fallback: number, min: number, max = Infinity, integer = false): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v < min || v > max || (integer && Number.isFinite(v) && !Number.isInteger(v))) {
    throw new RangeError(`meter event stream option ${name} must be a number in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

export function resolveOptions(o: MeterEventStreamOptions = {}): ResolvedOptions {
  const onFull = o.onFull ?? 'block';
  if (!POLICIES.includes(onFull)) throw new RangeError(`meter event stream option onFull must be one of ${POLICIES.join(', ')}`);
  const customerKey = o.customerKey ?? 'stripe_customer_id';
  if (typeof customerKey !== 'string' || customerKey.length === 0) throw new RangeError('customerKey must be a non-empty string');
  const maxBatchSize = num('maxBatchSize', o.maxBatchSize, 100, 1, 100, true);
  const maxInFlight = num('maxInFlight', o.maxInFlight, 8, 1, 1024, true);
  return {
    lingerMs: num('lingerMs', o.lingerMs, 100, 0),
    maxBatchSize,
    maxInFlight,
    maxEventsPerSecond: num('maxEventsPerSecond', o.maxEventsPerSecond, 10_000, Number.MIN_VALUE),
    maxQueueEvents: num('maxQueueEvents', o.maxQueueEvents, 100_000, 1),
    maxQueueBytes: num('maxQueueBytes', o.maxQueueBytes, 32 * 1024 * 1024, MAX_BODY_BYTES),
    maxBlockMs: num('maxBlockMs', o.maxBlockMs, 60_000, 0),
    onFull,
    highWaterMark: num('highWaterMark', o.highWaterMark, 2 * maxBatchSize * maxInFlight, 1),
    refreshMarginMs: num('refreshMarginMs', o.refreshMarginMs, 180_000, 0),
    deliveryTimeoutMs: num('deliveryTimeoutMs', o.deliveryTimeoutMs, 600_000, 1),
    requestTimeoutMs: num('requestTimeoutMs', o.requestTimeoutMs, 30_000, 1),
    retryBaseMs: num('retryBaseMs', o.retryBaseMs, 500, 0),
    retryMaxMs: num('retryMaxMs', o.retryMaxMs, 30_000, 0),
    maxRetryAfterMs: num('maxRetryAfterMs', o.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS, 0),
    customerKey,
    onError: o.onError,
    onUndelivered: o.onUndelivered,
    durability: o.durability ?? null,
    spool: resolveSpool(o),
    shutdownHook: o.shutdownHook === true ? {} : o.shutdownHook || undefined,
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
    generateIdentifier: o.generateIdentifier ?? (() => crypto.randomUUID()),
  };
}

function resolveSpool(o: MeterEventStreamOptions): SpoolOptions | undefined {
  if (o.spool === undefined) return undefined;
  if (o.durability !== undefined) throw new RangeError('meter event stream options spool and durability cannot be used together');
  if (typeof o.spool !== 'object' || o.spool === null) throw new RangeError('meter event stream option spool must be an object such as { dir }');
  return o.spool;
}
