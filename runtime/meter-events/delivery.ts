// Delivers one batch: gets the session token, sends, and decides what each
// failure means — resend after a session refresh, retry with backoff until
// the batch's deadline, bisect a 400 down to the bad events, or stop on a
// fatal auth error. The stream owns queueing; this owns one batch's fate.

import { retryDelay, type BackoffPolicy } from './backoff.js';
import { buildBody, type Batch } from './batch.js';
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
  sent(events: string[]): void;
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

export class Deliverer {
  constructor(private readonly ctx: DeliveryContext) {}

  async deliver(batch: Batch): Promise<void> {
    const { hooks, stats } = this.ctx;
    while (batch.pieces.length > 0) {
      const piece = batch.pieces[0];
      const body = (batch.body ??= buildBody(piece));
      const outcome = await this.sendPiece(batch, body);
      if (batch.abandoned || outcome.kind === 'aborted') return;
      batch.pieces.shift();
      batch.body = null;
      switch (outcome.kind) {
        case 'sent':
          hooks.sent(piece);
          break;
        case 'invalid':
          if (piece.length > 1) {
            // Halve until the refused events are isolated; the good ones go through.
            const mid = piece.length >>> 1;
            batch.pieces.unshift(piece.slice(0, mid), piece.slice(mid));
            stats.bisections++;
          } else {
            hooks.failed(piece, 'rejected', outcome.error);
          }
          break;
        case 'failed':
          hooks.failed(piece, outcome.reason, outcome.error);
          break;
        case 'fatal': {
          const remaining = [piece, ...batch.pieces].flat();
          batch.pieces = [];
          hooks.fatal(outcome.error, remaining);
          return;
        }
      }
    }
  }

  /** Sends one body until it is accepted, refused for good, or out of time. */
  private async sendPiece(batch: Batch, body: string): Promise<PieceOutcome> {
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
  private async attempt(body: string, token: string, deadline: number): Promise<void> {
    const { clock, shutdown, transport } = this.ctx;
    const controller = new AbortController();
    let timedOut = false;
    const limit = Math.min(this.ctx.requestTimeoutMs, Math.max(0, deadline - clock.now()));
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limit);
    const onShutdown = (): void => controller.abort();
    shutdown.addEventListener('abort', onShutdown, { once: true });
    try {
      await transport.sendBatch(body, token, controller.signal);
    } catch (err) {
      if (timedOut) throw new AttemptTimeout('meter event request timed out');
      throw err;
    } finally {
      clock.clearTimeout(timer);
      shutdown.removeEventListener('abort', onShutdown);
    }
  }
}
