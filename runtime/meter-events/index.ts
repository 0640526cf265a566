// Public entry of the meter-event streaming core. The generated client
// exposes `new MeterEvents(transport)` as `stripe.meterEvents`.

import { MeterEventStream } from './stream.js';
import type { MeterEventTransport } from './transport.js';
import type { MeterEventStreamOptions } from './types.js';

export class MeterEvents {
  constructor(private readonly transport: MeterEventTransport) {}

  /** A new high-throughput stream with its own session, queue and stats. */
  stream(options?: MeterEventStreamOptions): MeterEventStream {
    return new MeterEventStream(this.transport, options);
  }
}

export { MeterEventStream } from './stream.js';
export { meterEventTransport, type MeterEventClientDeps } from './client-transport.js';
export { installShutdownHook } from './shutdown.js';
export { classifyError as classifyMeterEventError, parseRetryAfter, type ErrorClass, type RetryReason } from './classify.js';
export { systemClock, type MeterEventClock } from './clock.js';
export {
  MeterEventValidationError,
  QueueFullError,
  StreamClosedError,
  MeterEventStreamError,
  MeterEventFatalError,
  MeterEventDeliveryError,
  MeterEventSessionError,
  MeterEventCallbackError,
} from './errors.js';
export { inMemory as inMemoryDurability, type MeterEventDurability, type SettleOutcome } from './durability.js';
export { UndeliveredEvent } from './undelivered.js';
export { prepareMeterEvent, MAX_BODY_BYTES } from './validate.js';
export type { MeterEventSessionInfo, MeterEventTransport } from './transport.js';
export type {
  MeterEvent,
  PreparedMeterEvent,
  MeterEventStreamOptions,
  MeterEventStreamStats,
  OnFullPolicy,
  UndeliveredReason,
  CloseOptions,
  CloseResult,
  LatencySummary,
  ShutdownHookOptions,
} from './types.js';
// Durable mode (`stream({ spool: { dir } })`): its options, errors and reports.
export { SpoolClosedError, SpoolCorruptionError, SpoolFullError, SpoolLockedError, SpoolOptionsError } from './spool/errors.js';
export type { SpoolEntry, SpoolFsyncPolicy, SpoolOptions, SpoolUsage } from './spool/types.js';
