// What the parts of a stream share. Each part owns its own state and rules:
//   intake.ts        send()/trySend()/sendMany(): validate, serialise, enqueue, onFull policies
//   backpressure.ts  blocked senders (bounded) and pacing past highWaterMark
//   pump.ts          cutting batches (count, bytes, linger, maxInFlight, rate limit) and routing their outcomes
//   delivery.ts      one batch's fate: session, attempts, retries and backoff, fatal stops
//   refusals.ts      a 400: bisect down to bad events, or fail the lot when the request itself is refused
//   lifecycle.ts     flush(), close() and the fatal stop
//   outcomes.ts      what happened to events that were not delivered: dead letters, onError, callback failures
//   keep-alive.ts    holding the process open while events are on their way, and the loud exit
//   recovery.ts      a durable log's backlog, queued ahead of new events within the queue's bounds
// The stream (stream.ts) wires them together and answers stats().

import type { Backpressure } from './backpressure.js';
import type { MeterEventDurability } from './durability.js';
import type { MeterEventFatalError } from './errors.js';
import type { Intake } from './intake.js';
import type { KeepAlive } from './keep-alive.js';
import type { Lifecycle } from './lifecycle.js';
import type { ResolvedOptions } from './options.js';
import type { Outcomes } from './outcomes.js';
import type { Pump } from './pump.js';
import type { Recovery } from './recovery.js';
import type { EventQueue } from './queue.js';
import type { SessionManager } from './session.js';
import type { StatsRecorder } from './stats.js';

export interface StreamCore {
  readonly o: ResolvedOptions;
  readonly queue: EventQueue;
  readonly stats: StatsRecorder;
  readonly session: SessionManager;
  /** null for the in-memory default, so the hot path pays one check. */
  readonly durability: MeterEventDurability | null;
  /** Queuing what the durable log recovered, within the queue's bounds; null once done (or without a log). */
  recovery: Recovery | null;
  /** Aborted when close() reaches its deadline: requests in flight are cancelled. */
  readonly shutdown: AbortController;
  /** Aborted on a fatal error: batches waiting to retry stop. */
  readonly stop: AbortController;
  intake: Intake;
  backpressure: Backpressure;
  pump: Pump;
  lifecycle: Lifecycle;
  outcomes: Outcomes;
  keepAlive: KeepAlive;
  /** Set once sending stopped for good. */
  fatal: MeterEventFatalError | null;
  /** close() was called: no new events. */
  closed: boolean;
}

export const RESOLVED: Promise<void> = Promise.resolve();
