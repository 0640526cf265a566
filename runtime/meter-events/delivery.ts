// Delivers one batch: gets the session token, sends, and decides what each
// failure means — resend after a session refresh, retry with backoff until
// the batch's deadline, bisect a 400 down to the bad events, or stop on a
// fatal auth error. The stream owns queueing; this owns one batch's fate.

import { retryDelay, type BackoffPolicy } from './backoff.js';
import { buildBody, wholeEvents, type Batch } from './batch.js';
import { classifyError, responseClass, type ErrorClass } from './classify.js';
import { sleep, type MeterEventClock } from './clock.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SessionManager } from './session.js';
import type { StatsRecorder } from './stats.js';
import type { MeterEventTransport } from './transport.js';
import type { UndeliveredReason } from './types.js';

/** Resends allowed per batch after `billing_meter_event_session_expired`. */
export const MAX_EXPIRED_RESENDS = 2;

export interface DeliveryHooks {
  /** `count` events were accepted, sent as `body` (which nothing else holds now). */
  sent(count: number, body: Uint8Array): void;
  failed(events: string[], reason: UndeliveredReason, error: unknown): void;
  /** Sending must stop; `remaining` are the batch's unconfirmed events, to keep. */
  fatal(error: unknown, remaining: string[]): void;
}

export interface DeliveryContext {
  transport: MeterEventTransport;
  session: SessionManager;
  clock: MeterEventClock;
  limiter: RateLimiter;
  stats: StatsRecorder;
  backoff: BackoffPolicy;
  requestTimeoutMs: number;
  /** Aborted when close() reaches its deadline. */
  shutdown: AbortSignal;
  hooks: DeliveryHooks;
}

type PieceOutcome =
  | { kind: 'sent' }
  | { kind: 'invalid'; error: unknown }
  | { kind: 'failed'; reason: UndeliveredReason; error: unknown }
  | { kind: 'fatal'; error: unknown }
  | { kind: 'aborted' };

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

  constructor(private readonly ctx: DeliveryContext) {
    const abortAll = (): void => {
      for (const c of this.active) c.abort();
    };
    if (ctx.shutdown.aborted) abortAll();
    else ctx.shutdown.addEventListener('abort', abortAll, { once: true });
  }

  async deliver(batch: Batch): Promise<void> {
    const { hooks, stats } = this.ctx;
    for (;;) {
      const whole = batch.pieces === null;
      if (!whole && batch.pieces!.length === 0) return;
      const body = (batch.body ??= buildBody(batch.pieces![0]));
      const outcome = await this.sendPiece(batch, body);
      if (batch.abandoned || outcome.kind === 'aborted') return;
      if (outcome.kind === 'sent') {
        // The common case never materialises the events of a whole batch.
        hooks.sent(whole ? batch.size : batch.pieces!.shift()!.length, body);
        if (whole) batch.pieces = [];
        batch.body = null;
        continue;
      }
      const piece = whole ? wholeEvents(batch) : batch.pieces!.shift()!;
      if (whole) batch.pieces = [];
      batch.body = null;
      const pieces = batch.pieces!;
      switch (outcome.kind) {
        case 'invalid':
          if (piece.length > 1) {
            // Halve until the refused events are isolated; the good ones go through.
            const mid = piece.length >>> 1;
            pieces.unshift(piece.slice(0, mid), piece.slice(mid));
            stats.bisections++;
          } else {
            hooks.failed(piece, 'rejected', outcome.error);
          }
          break;
        case 'failed':
          hooks.failed(piece, outcome.reason, outcome.error);
          break;
        case 'fatal': {
          const remaining = [piece, ...pieces].flat();
          batch.pieces = [];
          hooks.fatal(outcome.error, remaining);
          return;
        }
      }
    }
  }

  /** Sends one body until it is accepted, refused for good, or out of time. */
  private async sendPiece(batch: Batch, body: Uint8Array): Promise<PieceOutcome> {
    const { clock, session, stats, limiter, shutdown } = this.ctx;
    let attempt = 0;
    for (;;) {
      if (shutdown.aborted) return { kind: 'aborted' };
      let token: string | undefined;
      let cls: ErrorClass;
      let error: unknown;
      try {
        token = await session.getToken();
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
        if (shutdown.aborted || batch.abandoned) return { kind: 'aborted' };
        if (error instanceof AttemptTimeout) {
          stats.responses.network++;
          cls = { kind: 'retry', reason: 'timeout' };
        } else {
          stats.responses[responseClass(error)]++;
          cls = classifyError(error, clock.wallNow());
        }
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
        // Could not get a session: transient failures are retried like a send,
        // anything else (bad key, forbidden, bad request) stops the stream.
        cls = classifyError(error, clock.wallNow());
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
          if (clock.now() + delay >= batch.deadline) return { kind: 'failed', reason: 'delivery_timeout', error };
          stats.retried++;
          await sleep(clock, delay, shutdown);
          if (shutdown.aborted || batch.abandoned) return { kind: 'aborted' };
        }
      }
    }
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
