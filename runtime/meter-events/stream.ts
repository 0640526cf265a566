// The meter-event stream: intake (validate, serialise, enqueue), backpressure,
// the pump that cuts batches (count, bytes, linger, maxInFlight, rate limit),
// and flush/close. Delivery of each batch lives in delivery.ts.
//
// Hot path: send() validates and serialises the event once, pushes a string
// onto a ring buffer and returns a shared resolved promise. There is one
// linger timer, one rate-limit timer and one timer for all blocked senders;
// nothing is allocated per event beyond its JSON string.

import { StreamClosedError, MeterEventDeliveryError, MeterEventFatalError, MeterEventValidationError, QueueFullError, type MeterEventStreamError } from './errors.js';
import { remainingEvents, type Batch } from './batch.js';
import { Deliverer } from './delivery.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { EventQueue } from './queue.js';
import { RateLimiter } from './rate-limiter.js';
import { SessionManager } from './session.js';
import { installShutdownHook } from './shutdown.js';
import { StatsRecorder } from './stats.js';
import type { MeterEventTransport } from './transport.js';
import type { CloseOptions, CloseResult, MeterEvent, MeterEventStreamOptions, MeterEventStreamStats, PreparedMeterEvent, UndeliveredReason } from './types.js';
import { UndeliveredEvent } from './undelivered.js';
import { ENVELOPE_BYTES, MAX_BODY_BYTES, TimestampSource, prepareMeterEvent, type PrepareContext, type PreparedEvent } from './validate.js';

const RESOLVED: Promise<void> = Promise.resolve();
const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

interface BlockedSender {
  json: string;
  bytes: number;
  deadline: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface FlushWaiter {
  /** queue.pushedTotal when flush() was called: every event before it must have left the queue… */
  mark: number;
  /** …and every batch up to this sequence number must have settled (-1 until the first condition holds). */
  batchMark: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class MeterEventStream {
  private readonly o: ResolvedOptions;
  private readonly queue = new EventQueue();
  private readonly counters: StatsRecorder;
  private readonly limiter: RateLimiter;
  private readonly session: SessionManager;
  private readonly deliverer: Deliverer;
  private readonly shutdown = new AbortController();
  private readonly prepareCtx: PrepareContext;
  private readonly timestamps: TimestampSource;
  private readonly inFlight = new Set<Batch>();
  private inFlightEvents = 0;
  private blocked: BlockedSender[] = [];
  private flushWaiters: FlushWaiter[] = [];
  private idleWaiters: Array<() => void> = [];
  private lingerTimer: unknown = null;
  private limitTimer: unknown = null;
  private blockTimer: unknown = null;
  private blockedHead = 0;
  private pumping = false;
  private repump = false;
  private batchSeq = 0;
  private closed = false;
  private closing: Promise<CloseResult> | null = null;
  private fatalError: MeterEventFatalError | null = null;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  private keepAliveUsers = 0;
  private uninstallHook: (() => void) | null = null;

  constructor(transport: MeterEventTransport, options?: MeterEventStreamOptions) {
    const o = (this.o = resolveOptions(options));
    this.counters = new StatsRecorder(o.random);
    this.limiter = new RateLimiter(o.maxEventsPerSecond, o.maxBatchSize, o.clock.now());
    this.session = new SessionManager(transport, o.clock, o.refreshMarginMs, this.shutdown.signal);
    this.prepareCtx = { customerKey: o.customerKey, wallNow: o.clock.wallNow, generateIdentifier: o.generateIdentifier };
    this.timestamps = new TimestampSource(o.clock.wallNow);
    this.deliverer = new Deliverer({
      transport,
      session: this.session,
      clock: o.clock,
      limiter: this.limiter,
      stats: this.counters,
      backoff: { baseMs: o.retryBaseMs, capMs: o.retryMaxMs, random: o.random },
      requestTimeoutMs: o.requestTimeoutMs,
      shutdown: this.shutdown.signal,
      hooks: {
        sent: (events) => {
          this.counters.sent += events.length;
        },
        failed: (events, reason, error) => this.fail(events, reason, error),
        fatal: (error, remaining) => this.stop(error, remaining),
      },
    });
    if (o.shutdownHook) this.uninstallHook = installShutdownHook(this, o.shutdownHook);
  }

  // ---- intake -------------------------------------------------------------

  /**
   * Accepts an event. Invalid events throw MeterEventValidationError synchronously
   * (and send() after close() throws StreamClosedError); otherwise the promise
   * resolves once the event is queued (already resolved when there is room) and
   * rejects with QueueFullError per the onFull policy.
   */
  send(event: MeterEvent): Promise<void> {
    const p = this.prepare(event);
    if (this.fatalError === null && this.blockedCount === 0 && this.fits(p.bytes)) {
      this.enqueue(p.json, p.bytes);
      return RESOLVED;
    }
    return this.whenFull(p.json, p.bytes);
  }

  /** Never waits: false when the event was not accepted (queue full, or sending stopped). 'dropOldest' evicts and accepts. */
  trySend(event: MeterEvent): boolean {
    const p = this.prepare(event);
    if (this.fatalError === null && this.blockedCount === 0) {
      if (this.fits(p.bytes)) {
        this.enqueue(p.json, p.bytes);
        return true;
      }
      if (this.o.onFull === 'dropOldest') {
        this.evictFor(p.bytes);
        this.enqueue(p.json, p.bytes);
        return true;
      }
    }
    StatsRecorder.bump(this.counters.rejected, this.fatalError ? 'fatal' : 'queue_full');
    return false;
  }

  /** Validates all events first (none is queued if one is invalid; the error carries `.index`), then sends them in order. */
  sendMany(events: readonly MeterEvent[]): Promise<void> {
    const prepared = new Array<PreparedEvent>(events.length);
    for (let i = 0; i < events.length; i++) {
      try {
        prepared[i] = this.prepare(events[i]);
      } catch (err) {
        if (err instanceof MeterEventValidationError) err.index = i;
        throw err;
      }
    }
    for (let i = 0; i < prepared.length; i++) {
      const p = prepared[i];
      if (this.fatalError === null && this.blockedCount === 0 && this.fits(p.bytes)) this.enqueue(p.json, p.bytes);
      else return this.sendManySlow(prepared, i);
    }
    return RESOLVED;
  }

  private async sendManySlow(prepared: PreparedEvent[], from: number): Promise<void> {
    for (let i = from; i < prepared.length; i++) {
      const p = prepared[i];
      try {
        if (this.fatalError === null && this.blockedCount === 0 && this.fits(p.bytes)) this.enqueue(p.json, p.bytes);
        else await this.whenFull(p.json, p.bytes);
      } catch (err) {
        if (err instanceof QueueFullError) err.accepted = i;
        throw err;
      }
    }
  }

  private prepare(event: MeterEvent): PreparedEvent {
    if (this.closed) {
      StatsRecorder.bump(this.counters.rejected, 'closed');
      throw new StreamClosedError();
    }
    try {
      return prepareMeterEvent(event, this.prepareCtx, this.timestamps);
    } catch (err) {
      StatsRecorder.bump(this.counters.rejected, 'validation');
      throw err;
    }
  }

  private fits(bytes: number): boolean {
    return this.queue.length < this.o.maxQueueEvents && this.queue.bytes + bytes <= this.o.maxQueueBytes;
  }

  private enqueue(json: string, bytes: number): void {
    const q = this.queue;
    q.push(json, bytes, this.o.clock.now());
    this.counters.enqueued++;
    if (q.length >= this.o.maxBatchSize || q.bytes + q.length + ENVELOPE_BYTES > MAX_BODY_BYTES) this.pump();
    else if (this.lingerTimer === null) this.armLinger(this.o.lingerMs);
  }

  private whenFull(json: string, bytes: number): Promise<void> {
    if (this.fatalError !== null) {
      StatsRecorder.bump(this.counters.rejected, 'fatal');
      return Promise.reject(this.fatalError);
    }
    const o = this.o;
    switch (o.onFull) {
      case 'dropNewest':
        this.drop([json], 'dropped_newest');
        return RESOLVED;
      case 'dropOldest':
        this.evictFor(bytes);
        this.enqueue(json, bytes);
        return RESOLVED;
      case 'reject':
        StatsRecorder.bump(this.counters.rejected, 'queue_full');
        return Promise.reject(new QueueFullError(0));
      case 'block':
        if (o.maxBlockMs <= 0) {
          StatsRecorder.bump(this.counters.rejected, 'queue_full');
          return Promise.reject(new QueueFullError(0));
        }
        // One timer serves all blocked senders: they share maxBlockMs, so deadlines are FIFO too.
        return new Promise<void>((resolve, reject) => {
          this.blocked.push({ json, bytes, deadline: o.clock.now() + o.maxBlockMs, resolve, reject });
          if (this.blockTimer === null) this.armBlockTimer();
        });
    }
  }

  /** Blocked senders enter in FIFO order as space frees up. */
  private admitBlocked(): void {
    const b = this.blocked;
    let head = this.blockedHead;
    const now = this.o.clock.now();
    while (head < b.length && this.fits(b[head].bytes)) {
      const w = b[head++];
      this.queue.push(w.json, w.bytes, now);
      this.counters.enqueued++;
      w.resolve();
    }
    this.compactBlocked(head);
  }

  /** Drops admitted/expired senders from the front; the array is rebuilt only when half of it is dead. */
  private compactBlocked(head: number): void {
    if (head >= this.blocked.length) {
      this.blocked = [];
      head = 0;
    } else if (head > 1024 && head * 2 > this.blocked.length) {
      this.blocked = this.blocked.slice(head);
      head = 0;
    }
    this.blockedHead = head;
    if (head >= this.blocked.length && this.blockTimer !== null) {
      this.o.clock.clearTimeout(this.blockTimer);
      this.blockTimer = null;
    }
  }

  private armBlockTimer(): void {
    const first = this.blocked[this.blockedHead];
    this.blockTimer = this.o.clock.setTimeout(() => this.expireBlocked(), first.deadline - this.o.clock.now());
  }

  private expireBlocked(): void {
    this.blockTimer = null;
    const b = this.blocked;
    let head = this.blockedHead;
    const now = this.o.clock.now();
    while (head < b.length && b[head].deadline <= now) {
      const w = b[head++];
      StatsRecorder.bump(this.counters.rejected, 'queue_full');
      w.reject(new QueueFullError(now - (w.deadline - this.o.maxBlockMs)));
    }
    this.compactBlocked(head);
    if (this.blockedCount > 0) this.armBlockTimer();
  }

  /** Rejects every blocked sender (close or fatal error). */
  private rejectBlocked(reason: string, error: () => Error): void {
    const b = this.blocked;
    for (let i = this.blockedHead; i < b.length; i++) {
      StatsRecorder.bump(this.counters.rejected, reason);
      b[i].reject(error());
    }
    this.blocked = [];
    this.blockedHead = 0;
    if (this.blockTimer !== null) this.o.clock.clearTimeout(this.blockTimer);
    this.blockTimer = null;
  }

  private get blockedCount(): number {
    return this.blocked.length - this.blockedHead;
  }

  private evictFor(bytes: number): void {
    const evicted: string[] = [];
    while (this.queue.length > 0 && !this.fits(bytes)) evicted.push(this.queue.shift());
    if (evicted.length > 0) this.drop(evicted, 'dropped_oldest');
  }

  private drop(events: string[], reason: UndeliveredReason): void {
    StatsRecorder.bump(this.counters.dropped, reason, events.length);
    this.report(events, reason, undefined);
  }

  // ---- pump ---------------------------------------------------------------

  private pump(): void {
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.repump = false;
        this.pumpOnce();
      } while (this.repump);
    } finally {
      this.pumping = false;
    }
  }

  private pumpOnce(): void {
    const o = this.o;
    const q = this.queue;
    for (;;) {
      if (this.blockedCount > 0) this.admitBlocked();
      if (this.fatalError !== null || this.limitTimer !== null || q.length === 0 || this.inFlight.size >= o.maxInFlight) break;
      const now = o.clock.now();
      const n = q.batchCount(o.maxBatchSize, MAX_BODY_BYTES, ENVELOPE_BYTES);
      const full = n >= o.maxBatchSize || n < q.length;
      if (!full && !this.closed && this.flushWaiters.length === 0) {
        // A partial batch waits lingerMs from its first (oldest) event.
        const due = q.oldestTime() + o.lingerMs;
        if (now < due) {
          this.armLinger(due - now);
          break;
        }
      }
      const wait = this.limiter.delayFor(n, now);
      if (wait > 0) {
        this.limitTimer = o.clock.setTimeout(() => {
          this.limitTimer = null;
          this.pump();
        }, wait);
        break;
      }
      this.limiter.take(n, now);
      this.dispatch(q.take(n), now);
    }
    if (this.flushWaiters.length > 0) this.checkFlushWaiters();
    if (this.idleWaiters.length > 0 && this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private armLinger(ms: number): void {
    if (this.lingerTimer !== null) return;
    this.lingerTimer = this.o.clock.setTimeout(() => {
      this.lingerTimer = null;
      this.pump();
    }, ms);
  }

  private dispatch(events: string[], now: number): void {
    const batch: Batch = {
      seq: ++this.batchSeq,
      size: events.length,
      pieces: [events],
      body: null,
      deadline: now + this.o.deliveryTimeoutMs,
      expiredResends: 0,
      abandoned: false,
    };
    this.inFlight.add(batch);
    this.inFlightEvents += batch.size;
    this.counters.batch(batch.size);
    this.deliverer.deliver(batch).then(
      () => this.settle(batch),
      (err: unknown) => {
        // A bug, not a Stripe answer: still never lose the events silently.
        if (!batch.abandoned) this.fail(remainingEvents(batch), 'internal_error', err);
        this.settle(batch);
      },
    );
  }

  private settle(batch: Batch): void {
    if (!this.inFlight.delete(batch)) return; // abandoned by close(): already accounted for
    this.inFlightEvents -= batch.size;
    this.pump();
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && (this.queue.length === 0 || this.fatalError !== null);
  }

  private checkFlushWaiters(): void {
    const q = this.queue;
    this.flushWaiters = this.flushWaiters.filter((w) => {
      if (w.batchMark < 0 && q.removedTotal >= w.mark) w.batchMark = this.batchSeq;
      if (w.batchMark < 0) return true;
      for (const b of this.inFlight) if (b.seq <= w.batchMark) return true;
      w.resolve();
      return false;
    });
  }

  // ---- outcomes -----------------------------------------------------------

  private fail(events: string[], reason: UndeliveredReason, error: unknown): void {
    StatsRecorder.bump(this.counters.failed, reason, events.length);
    this.report(events, reason, error);
    // Single events Stripe refused are dead letters only; whole-batch failures are also errors.
    if (reason !== 'rejected') this.emitError(new MeterEventDeliveryError(reason, events.length, error));
  }

  /** Fatal auth error: stop sending, keep the batch's events at the head of the queue for close(). */
  private stop(error: unknown, remaining: string[]): void {
    this.queue.pushFront(remaining, this.o.clock.now());
    if (this.fatalError !== null) return;
    const fatal = (this.fatalError = new MeterEventFatalError(error));
    this.clearTimers();
    this.rejectBlocked('fatal', () => fatal);
    const flushes = this.flushWaiters;
    this.flushWaiters = [];
    for (const w of flushes) w.reject(fatal);
    this.emitError(fatal);
  }

  private report(events: string[], reason: UndeliveredReason, error: unknown): void {
    const cb = this.o.onUndelivered;
    if (cb === undefined) return;
    try {
      cb(events.map((json) => new UndeliveredEvent(json, reason, error)));
    } catch {
      // A throwing callback must not break delivery of everything else.
    }
  }

  private emitError(err: MeterEventStreamError): void {
    try {
      this.o.onError?.(err);
    } catch {
      // as above
    }
  }

  private clearTimers(): void {
    if (this.lingerTimer !== null) this.o.clock.clearTimeout(this.lingerTimer);
    if (this.limitTimer !== null) this.o.clock.clearTimeout(this.limitTimer);
    this.lingerTimer = this.limitTimer = null;
  }

  /** Flushing or closing must keep the process alive even though the stream's own timers are unref'd. */
  private holdOpen(delta: number): void {
    this.keepAliveUsers += delta;
    if (this.keepAliveUsers > 0 && this.keepAlive === null) this.keepAlive = setInterval(() => {}, 1 << 30);
    else if (this.keepAliveUsers === 0 && this.keepAlive !== null) {
      clearInterval(this.keepAlive);
      this.keepAlive = null;
    }
  }

  // ---- flush / close ------------------------------------------------------

  /** Sends partial batches now and resolves when everything queued before the call has settled. Rejects on a fatal error. */
  flush(): Promise<void> {
    if (this.fatalError !== null) return Promise.reject(this.fatalError);
    if (this.queue.length === 0 && this.inFlight.size === 0) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      this.holdOpen(1);
      this.flushWaiters.push({
        mark: this.queue.pushedTotal,
        batchMark: -1,
        resolve: () => {
          this.holdOpen(-1);
          resolve();
        },
        reject: (err) => {
          this.holdOpen(-1);
          reject(err);
        },
      });
      this.pump();
    });
  }

  /**
   * Stops intake (blocked senders get StreamClosedError), delivers what it can
   * until `timeoutMs`, then hands back everything not delivered as `pending`.
   */
  close(options: CloseOptions = {}): Promise<CloseResult> {
    this.closing ??= this.runClose(options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
    return this.closing;
  }

  private async runClose(timeoutMs: number): Promise<CloseResult> {
    this.closed = true;
    this.rejectBlocked('closed', () => new StreamClosedError());
    this.holdOpen(1);
    try {
      const idle = await this.waitIdle(timeoutMs);
      const pending: string[] = [];
      if (!idle) {
        this.shutdown.abort();
        for (const batch of this.inFlight) {
          batch.abandoned = true;
          pending.push(...remainingEvents(batch));
        }
        this.inFlight.clear();
        this.inFlightEvents = 0;
      }
      this.clearTimers();
      pending.push(...this.queue.drain());
      const flushes = this.flushWaiters;
      this.flushWaiters = [];
      for (const w of flushes) w.reject(new StreamClosedError());
      return {
        sent: this.counters.sent,
        failed: this.counters.total(this.counters.failed),
        dropped: this.counters.total(this.counters.dropped),
        pending: pending.map((json) => JSON.parse(json) as PreparedMeterEvent),
      };
    } finally {
      this.holdOpen(-1);
      this.uninstallHook?.();
      this.uninstallHook = null;
    }
  }

  private waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = this.o.clock.setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== onIdle);
        resolve(false);
      }, timeoutMs);
      const onIdle = (): void => {
        this.o.clock.clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(onIdle);
      this.pump();
    });
  }

  // ---- introspection ------------------------------------------------------

  get isClosed(): boolean {
    return this.closed;
  }

  stats(): MeterEventStreamStats {
    const c = this.counters;
    const q = this.queue;
    return {
      enqueued: c.enqueued,
      sent: c.sent,
      retried: c.retried,
      failed: { ...c.failed },
      dropped: { ...c.dropped },
      rejected: { ...c.rejected },
      sessionRefreshes: this.session.refreshes,
      sessionExpiredResends: c.sessionExpiredResends,
      bisections: c.bisections,
      responses: { ...c.responses },
      queueDepth: q.length,
      queueBytes: q.bytes,
      blockedSenders: this.blockedCount,
      inFlightRequests: this.inFlight.size,
      inFlightEvents: this.inFlightEvents,
      oldestQueuedAgeMs: q.length === 0 ? 0 : this.o.clock.now() - q.oldestTime(),
      batches: c.batches(),
      latencyMs: c.latency.summary(),
      rateLimit: this.limiter.enabled ? this.limiter.rate : Infinity,
      closed: this.closed,
      fatal: this.fatalError !== null,
    };
  }
}
