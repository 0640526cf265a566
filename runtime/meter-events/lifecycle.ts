// flush(), close() and the fatal stop: the three ways a stream's events come
// to a point where the caller can be told where they are.

import { RESOLVED, type StreamCore } from './core.js';
import { MeterEventFatalError, MeterEventStreamError, StreamClosedError } from './errors.js';
import type { CloseOptions, CloseResult, PreparedMeterEvent } from './types.js';

const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

interface FlushWaiter {
  /** queue.pushedTotal when flush() was called: every event before it must have left the queue… */
  mark: number;
  /** …and every batch up to this sequence number must have settled (-1 until the first condition holds). */
  batchMark: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Lifecycle {
  private flushWaiters: FlushWaiter[] = [];
  private closing: Promise<CloseResult> | null = null;
  /** Monotonic time close() gives up; a later close() with an earlier deadline moves it. */
  private closeDeadline = Infinity;
  private closeTimer: unknown = null;
  private onIdle: (() => void) | null = null;
  private onDeadline: (() => void) | null = null;
  /** close() has returned its result: nothing is held or watched any more. */
  closeDone = false;

  constructor(private readonly c: StreamCore) {}

  /** A flush is waiting: partial batches leave at once instead of lingering. */
  get flushing(): boolean {
    return this.flushWaiters.length > 0;
  }

  /** Sends partial batches now and resolves when everything queued before the call has settled. Rejects on a fatal error. */
  flush(): Promise<void> {
    const c = this.c;
    if (c.fatal !== null) return Promise.reject(c.fatal);
    // A durable log's backlog counts as sent before the call: flush waits for all of it.
    if (c.intake.recovering !== null) return c.intake.recovering.then(() => this.flush());
    if (c.queue.length === 0 && c.pump.inFlight.size === 0) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ mark: c.queue.pushedTotal, batchMark: -1, resolve, reject });
      c.pump.run();
    });
  }

  /** The pump made progress: settle the flushes it completed, and wake close() once idle. */
  onProgress(): void {
    if (this.flushWaiters.length > 0) this.checkFlushes();
    if (this.onIdle !== null && this.c.pump.isIdle()) this.onIdle();
  }

  private checkFlushes(): void {
    const c = this.c;
    this.flushWaiters = this.flushWaiters.filter((w) => {
      if (w.batchMark < 0 && c.queue.removedTotal >= w.mark) w.batchMark = c.pump.batchSeq;
      if (w.batchMark < 0) return true;
      for (const b of c.pump.inFlight) if (b.seq <= w.batchMark) return true;
      w.resolve();
      return false;
    });
  }

  /**
   * Stops intake (blocked senders get StreamClosedError), delivers what it can until `timeoutMs`,
   * then hands back everything not delivered as `pending`. Calling it again returns the same
   * result; a shorter `timeoutMs` then brings the deadline forward.
   */
  close(options: CloseOptions = {}): Promise<CloseResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(new RangeError(`close() option timeoutMs must be a number >= 0, got ${String(timeoutMs)}`));
    }
    const deadline = this.c.o.clock.now() + timeoutMs;
    if (deadline < this.closeDeadline) {
      this.closeDeadline = deadline;
      if (this.onDeadline !== null) this.armCloseTimer();
    }
    this.closing ??= this.runClose();
    return this.closing;
  }

  private async runClose(): Promise<CloseResult> {
    const c = this.c;
    c.closed = true;
    c.recovery?.refill(); // stops: what the backlog did not queue stays in the log, and sends waiting behind it are refused
    c.backpressure.releasePaced(); // their events are queued and close() delivers them
    c.backpressure.rejectAll('closed', () => new StreamClosedError());
    try {
      const idle = await this.waitIdle();
      if (!idle) {
        c.shutdown.abort();
        c.pump.abandonAll();
      }
      c.pump.clearTimers();
      c.backpressure.clearTimers();
      const pending = c.queue.drain(); // batches handed back (in the order they left), then what never left
      const flushes = this.flushWaiters;
      this.flushWaiters = [];
      for (const w of flushes) w.reject(new StreamClosedError());
      await c.durability?.close().catch((err: unknown) => c.outcomes.emitError(new MeterEventStreamError('durable log close failed', err)));
      return {
        sent: c.stats.sent,
        failed: c.stats.total(c.stats.failed),
        dropped: c.stats.total(c.stats.dropped),
        pending: pending.map((json) => JSON.parse(json) as PreparedMeterEvent),
      };
    } finally {
      this.closeDone = true;
      c.keepAlive.dispose();
    }
  }

  /** Resolves true once nothing is in flight or sendable, false at the close deadline. */
  private waitIdle(): Promise<boolean> {
    const c = this.c;
    if (c.pump.isIdle()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const done = (idle: boolean): void => {
        this.onIdle = this.onDeadline = null;
        if (this.closeTimer !== null) c.o.clock.clearTimeout(this.closeTimer);
        this.closeTimer = null;
        resolve(idle);
      };
      this.onIdle = () => done(true);
      this.onDeadline = () => done(false);
      this.armCloseTimer();
      c.pump.run();
    });
  }

  private armCloseTimer(): void {
    const clock = this.c.o.clock;
    if (this.closeTimer !== null) clock.clearTimeout(this.closeTimer);
    this.closeTimer = clock.setTimeout(() => {
      this.closeTimer = null;
      this.onDeadline?.();
    }, this.closeDeadline - clock.now());
  }

  /** Fatal error: stop sending, keep the batch's events at the head of the queue (in batch order) for close(). */
  stop(error: unknown, remaining: string[], batchSeq: number): void {
    const c = this.c;
    c.queue.pushFront(remaining, c.o.clock.now(), batchSeq);
    if (c.fatal !== null) return;
    const fatal = (c.fatal = new MeterEventFatalError(error, c.session.secrets));
    c.stop.abort(); // batches waiting to retry stop now and hand their events back
    c.recovery?.refill(); // stops: the rest of the backlog stays in the log for the next stream
    c.pump.clearTimers();
    c.backpressure.clearTimers();
    c.backpressure.releasePaced(); // their events are queued: close() hands them back
    c.backpressure.rejectAll('fatal', () => fatal);
    const flushes = this.flushWaiters;
    this.flushWaiters = [];
    for (const w of flushes) w.reject(fatal);
    if (c.o.onError === undefined) warnFatal(fatal);
    c.outcomes.emitError(fatal);
    c.keepAlive.update();
  }
}

function warnFatal(fatal: MeterEventFatalError): void {
  const p = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  p?.emitWarning?.(`${fatal.message} (no onError handler; queued events are kept for close())`, { code: 'STRIPE_METER_EVENTS' });
}
