// Delivers one batch: gets the session token, sends, and decides what each
// failure means — resend after a session refresh, retry with backoff until
// the batch's deadline, bisect a 400 down to the bad events (or fail the lot
// when the refusal is about the request), or stop on a fatal auth or usage
// error. The stream owns queueing; this owns one batch's fate.

import { retryDelay, type BackoffPolicy } from './backoff.js';
import { buildBody, remainingEvents, wholeEvents, type Batch } from './batch.js';
import { classifyError, maybeDelivered, responseClass, type ErrorClass } from './classify.js';
import { sleep, type MeterEventClock } from './clock.js';
import { MeterEventSessionError } from './errors.js';
import type { RateLimiter } from './rate-limiter.js';
import { RefusalTriage } from './refusals.js';
import type { SessionManager } from './session.js';
import type { StatsRecorder } from './stats.js';
import type { MeterEventTransport } from './transport.js';
import type { UndeliveredReason } from './types.js';

/** Resends allowed per batch after `billing_meter_event_session_expired`. */
export const MAX_EXPIRED_RESENDS = 2;
/** No retry starts with less time than this before the batch's deadline. */
const MIN_ATTEMPT_MS = 5;

export interface DeliveryHooks {
  /** `count` events from acceptance position `firstSeq` were accepted, sent as `body` (which nothing else holds now). */
  sent(count: number, body: Uint8Array, firstSeq: number): void;
  /** Events from `firstSeq` on failed for good. */
  failed(events: string[], reason: UndeliveredReason, error: unknown, possiblyDelivered: boolean, firstSeq: number): void;
  /** Sending must stop; `remaining` are the batch's unconfirmed events (in acceptance order), to keep. */
  fatal(error: unknown, remaining: string[], batchSeq: number): void;
  /** Sending already stopped (another batch's fatal error): hand `remaining` back, untried. */
  halted(remaining: string[], batchSeq: number): void;
}

export interface DeliveryContext {
  transport: MeterEventTransport;
  session: SessionManager;
  clock: MeterEventClock;
  limiter: RateLimiter;
  stats: StatsRecorder;
  backoff: BackoffPolicy;
  requestTimeoutMs: number;
  /** Cap on a server's Retry-After. */
  maxRetryAfterMs: number;
  /** Aborted when close() reaches its deadline. */
  shutdown: AbortSignal;
  /** Aborted on a fatal error: batches waiting to retry stop at once instead of retrying to their deadline. */
  stop: AbortSignal;
  hooks: DeliveryHooks;
}

type PieceOutcome =
  | { kind: 'sent' }
  | { kind: 'invalid'; error: unknown }
  | { kind: 'failed'; reason: UndeliveredReason; error: unknown }
  | { kind: 'fatal'; error: unknown }
  | { kind: 'halted' }
  | { kind: 'aborted' };

/** The wait for a session reached the batch's deadline (a retryable session error, like a timed-out session call). */
class SessionDeadline extends MeterEventSessionError {}

class AttemptTimeout extends Error {
  override readonly name = 'AttemptTimeout';
}

/**
 * Node's `events.getEventListeners`, looked up without a static import (Node
 * >= 20.16 has process.getBuiltinModule); undefined elsewhere. An attempt's
 * AbortController is reused only when it shows no listener left behind.
 */
const listenersOf = ((): ((target: EventTarget, type: string) => unknown[]) | undefined => {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const events = p?.getBuiltinModule?.('node:events') as { getEventListeners?: (target: EventTarget, type: string) => unknown[] } | undefined;
    return events?.getEventListeners;
  } catch {
    return undefined;
  }
})();

export class Deliverer {
  /** Controllers of attempts in flight, all aborted by the one shutdown listener. */
  private readonly active = new Set<AbortController>();
  /** Controllers whose attempt ended without an abort or a listener left: reused (creating one costs ~3 µs). */
  private readonly spare: AbortController[] = [];
  /** Wakes every backoff sleep: on close()'s deadline and on a fatal stop. */
  private readonly wake = new AbortController();
  private readonly triage: RefusalTriage;

  constructor(private readonly ctx: DeliveryContext) {
    this.triage = new RefusalTriage(ctx.hooks, ctx.stats);
    const abortAll = (): void => {
      for (const c of this.active) c.abort();
      this.wake.abort();
    };
    if (ctx.shutdown.aborted) abortAll();
    else ctx.shutdown.addEventListener('abort', abortAll, { once: true });
    ctx.stop.addEventListener('abort', () => this.wake.abort(), { once: true });
  }

  async deliver(batch: Batch): Promise<void> {
    const { hooks } = this.ctx;
    for (;;) {
      const whole = batch.pieces === null;
      if (!whole && batch.pieces!.length === 0) return;
      const body = (batch.body ??= buildBody(batch.pieces![0]));
      const outcome = await this.sendPiece(batch, body);
      if (batch.abandoned || outcome.kind === 'aborted') return;
      if (outcome.kind === 'sent') {
        // The common case never materialises the events of a whole batch.
        const seq = batch.pieceSeqs.shift()!;
        hooks.sent(whole ? batch.size : batch.pieces!.shift()!.length, body, seq);
        if (whole) batch.pieces = [];
        batch.body = null;
        this.triage.answered(batch);
        continue;
      }
      if (whole) batch.pieces = [wholeEvents(batch)];
      batch.body = null;
      if (outcome.kind === 'fatal' || outcome.kind === 'halted') {
        const remaining = remainingEvents(batch);
        batch.pieces = [];
        batch.pieceSeqs = [];
        batch.probe = null;
        if (outcome.kind === 'fatal') hooks.fatal(outcome.error, remaining, batch.seq);
        else hooks.halted(remaining, batch.seq);
        return;
      }
      const piece = batch.pieces!.shift()!;
      const seq = batch.pieceSeqs.shift()!;
      if (outcome.kind === 'failed') {
        hooks.failed(piece, outcome.reason, outcome.error, batch.possiblyDelivered, seq);
        this.triage.answered(batch);
      } else this.triage.refused(batch, piece, seq, outcome.error);
    }
  }

  /** Sends one body until it is accepted, refused for good, or out of time. */
  private async sendPiece(batch: Batch, body: Uint8Array): Promise<PieceOutcome> {
    const { clock, session, stats, limiter, shutdown, stop, maxRetryAfterMs } = this.ctx;
    let attempt = 0;
    /** The last failure that was not our own deadline cut-off: what a delivery_timeout reports. */
    let telling: unknown;
    if (clock.now() >= batch.deadline) {
      // Queued behind an outage past its deadline: fail it without an attempt (so not possibly delivered).
      return { kind: 'failed', reason: 'delivery_timeout', error: new Error('deliveryTimeoutMs passed while the events were queued; no attempt was made') };
    }
    for (;;) {
      if (shutdown.aborted) return { kind: 'aborted' };
      if (stop.aborted) return { kind: 'halted' };
      let token: string | undefined;
      let cls: ErrorClass;
      let error: unknown;
      try {
        token = session.peek() ?? (await this.waitForSession(batch.deadline));
      } catch (err) {
        error = err;
      }
      if (token !== undefined) {
        const started = clock.now();
        try {
          await this.attempt(body, token, batch.deadline);
          stats.responses['2xx']++;
          stats.latency.add(clock.now() - started);
          limiter.onSuccess();
          return { kind: 'sent' };
        } catch (err) {
          error = err;
        }
        if (shutdown.aborted || batch.abandoned) {
          batch.possiblyDelivered = true;
          return { kind: 'aborted' };
        }
        if (error instanceof AttemptTimeout) {
          stats.responses.network++;
          cls = { kind: 'retry', reason: 'timeout' };
        } else {
          stats.responses[responseClass(error)]++;
          cls = classifyError(error, clock.wallNow(), maxRetryAfterMs);
        }
        if (maybeDelivered(cls)) batch.possiblyDelivered = true;
        if (cls.kind === 'session_expired') {
          session.invalidate(token);
          if (batch.expiredResends < MAX_EXPIRED_RESENDS) {
            batch.expiredResends++;
            stats.sessionExpiredResends++;
            continue;
          }
          cls = { kind: 'retry', reason: 'session_expired' };
        }
      } else {
        if (shutdown.aborted || batch.abandoned) return { kind: 'aborted' };
        // Could not get a session: transient failures (a malformed or timed-out answer included) are
        // retried like a send; anything else (bad key, forbidden, a local usage error) stops the stream.
        cls = classifyError(error, clock.wallNow(), maxRetryAfterMs);
        if (cls.kind !== 'retry') return { kind: 'fatal', error };
      }

      switch (cls.kind) {
        case 'fatal':
          return { kind: 'fatal', error };
        case 'invalid':
          return { kind: 'invalid', error };
        case 'permanent':
          return { kind: 'failed', reason: 'not_retryable', error };
        case 'retry': {
          if (cls.reason === 'rate_limited') limiter.onRateLimited(clock.now(), cls.retryAfterMs);
          const delay = retryDelay(attempt++, cls.retryAfterMs, this.ctx.backoff);
          if (!(error instanceof SessionDeadline) || telling === undefined) telling = error;
          // (A timer may fire a little before the monotonic clock reaches its time: leave an attempt some room.)
          if (clock.now() + delay + MIN_ATTEMPT_MS >= batch.deadline) return { kind: 'failed', reason: 'delivery_timeout', error: telling };
          stats.retried++;
          await sleep(clock, delay, this.wake.signal);
          if (shutdown.aborted || batch.abandoned) return { kind: 'aborted' };
          if (stop.aborted) return { kind: 'halted' };
        }
      }
    }
  }

  /** A new session, waited for no later than the batch's deadline (the request itself is bounded by requestTimeoutMs). */
  private waitForSession(deadline: number): Promise<string> {
    const { clock, session } = this.ctx;
    const pending = session.refresh();
    return new Promise<string>((resolve, reject) => {
      const timer = clock.setTimeout(() => reject(new SessionDeadline('no meter event session before the batch deadline')), deadline - clock.now());
      pending.then(
        (token) => {
          clock.clearTimeout(timer);
          resolve(token);
        },
        (err: unknown) => {
          clock.clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  /** One request, bounded by the per-attempt timeout and the batch deadline, cancelled by close(). */
  private async attempt(body: Uint8Array, token: string, deadline: number): Promise<void> {
    const { clock, shutdown, transport } = this.ctx;
    if (shutdown.aborted) throw new Error('meter event stream closed');
    const controller = this.spare.pop() ?? new AbortController();
    this.active.add(controller);
    let timedOut = false;
    const limit = Math.min(this.ctx.requestTimeoutMs, Math.max(0, deadline - clock.now()));
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limit);
    try {
      await transport.sendBatch(body, token, controller.signal);
    } catch (err) {
      if (timedOut) throw new AttemptTimeout('meter event request timed out');
      throw err;
    } finally {
      clock.clearTimeout(timer);
      this.active.delete(controller);
      // An unaborted signal whose listeners the transport removed is as good as new.
      const signal = controller.signal;
      if (!signal.aborted && listenersOf !== undefined && this.spare.length < 64 && listenersOf(signal, 'abort').length === 0) this.spare.push(controller);
    }
  }
}
