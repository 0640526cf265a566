// The meter-event stream: intake (validate, serialise, enqueue), backpressure,
// the pump that cuts batches (count, bytes, linger, maxInFlight, rate limit),
// and flush/close. Delivery of each batch lives in delivery.ts.
//
// Hot path: send() validates the event and writes its JSON once, as bytes,
// into the queue's ring buffer, and returns a shared resolved promise. There
// is one linger timer, one rate-limit timer and one timer for all blocked
// senders; nothing is allocated per event, and a batch's body is one copy out
// of the ring.
//
// Pacing: past highWaterMark queued events, send() still accepts the event but
// returns one promise shared by every such caller, resolved as soon as the queue
// is back at the mark (the next batch leaving does it). A producer loop that
// awaits send() then yields to the event loop once per batch and makes about a
// batch per response, like a hand-written loop of N workers would, so producing
// overlaps with the server's work and the queue stays a couple of rounds deep
// (its bytes stay in cache; a full queue measured 1.5x slower) instead of
// filling to maxQueueEvents.

import { StreamClosedError, MeterEventDeliveryError, MeterEventFatalError, MeterEventValidationError, QueueFullError, type MeterEventStreamError } from './errors.js';
import { remainingEvents, wholeBatch, type Batch } from './batch.js';
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
import { ENVELOPE_BYTES, EventEncoder, MAX_BODY_BYTES, TimestampSource } from './validate.js';

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
  private readonly encoder: EventEncoder;
  /**
   * Enqueue times come from the monotonic clock, read again only when the wall
   * clock the encoder read for the event has moved (or the queue is empty): at
   * most 1 ms stale, and one clock read per millisecond instead of per event.
   */
  private lastWall = Number.NaN;
  private lastNow = 0;
  private readonly inFlight = new Set<Batch>();
  private inFlightEvents = 0;
  private blocked: BlockedSender[] = [];
  private flushWaiters: FlushWaiter[] = [];
  private idleWaiters: Array<() => void> = [];
  private lingerTimer: unknown = null;
  private limitTimer: unknown = null;
  private blockTimer: unknown = null;
  private blockedHead = 0;
  private blockedHold = false;
  /** Pacing: queue depth past which send() waits (Infinity: off), and the wait all paced senders share. */
  private readonly paceHigh: number;
  private pace: Promise<void> | null = null;
  private paceRelease: (() => void) | null = null;
  private paceStarted = 0;
  /** Watchdog for stalled delivery: re-armed while pacing goes on, never cleared per wait. */
  private paceTimer: unknown = null;
  /** Set when a paced wait outlived maxBlockMs (delivery stalled): no pacing until the queue is back at the mark. */
  private paceSuspended = false;
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
    this.encoder = new EventEncoder(
      { customerKey: o.customerKey, wallNow: o.clock.wallNow, generateIdentifier: o.generateIdentifier },
      new TimestampSource(o.clock.wallNow),
    );
    this.paceHigh = o.onFull === 'block' && o.maxBlockMs > 0 ? o.highWaterMark : Infinity;
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
        sent: (count, body) => {
          this.counters.sent += count;
          this.queue.recycle(body);
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
   * resolves once the event is queued (already resolved when there is room and
   * the queue is within highWaterMark; past it, once the queue is back at the
   * mark) and rejects with QueueFullError per the onFull policy.
   */
  send(event: MeterEvent): Promise<void> {
    const bytes = this.prepare(event);
    if (this.fatalError === null && this.blockedCount === 0 && this.fits(bytes)) {
      this.enqueue();
      return this.queue.length > this.paceHigh ? this.paced() : RESOLVED;
    }
    return this.whenFull(this.queue.unstage()[0], bytes);
  }

  /** Never waits: false when the event was not accepted (queue full, or sending stopped). 'dropOldest' evicts and accepts. */
  trySend(event: MeterEvent): boolean {
    const bytes = this.prepare(event);
    if (this.fatalError === null && this.blockedCount === 0) {
      if (this.fits(bytes)) {
        this.enqueue();
        return true;
      }
      if (this.o.onFull === 'dropOldest') {
        this.evictFor(bytes);
        this.enqueue();
        return true;
      }
    }
    this.queue.unstage();
    StatsRecorder.bump(this.counters.rejected, this.fatalError ? 'fatal' : 'queue_full');
    return false;
  }

  /** Validates all events first (none is queued if one is invalid; the error carries `.index`), then sends them in order. */
  sendMany(events: readonly MeterEvent[]): Promise<void> {
    // Staged one after another in the queue's ring, and queued only once all are valid.
    const sizes = new Array<number>(events.length);
    for (let i = 0; i < events.length; i++) {
      try {
        sizes[i] = this.prepare(events[i]);
      } catch (err) {
        this.queue.unstage();
        if (err instanceof MeterEventValidationError) err.index = i;
        throw err;
      }
    }
    for (let i = 0; i < sizes.length; i++) {
      if (this.fatalError === null && this.blockedCount === 0 && this.fits(sizes[i])) this.enqueue();
      else return this.sendManySlow(this.queue.unstage(), sizes, i);
    }
    return this.queue.length > this.paceHigh ? this.paced() : RESOLVED;
  }

  /** The events of sendMany() from `from` on, when the queue is full: `jsons[k]` is event `from + k`. */
  private async sendManySlow(jsons: string[], sizes: number[], from: number): Promise<void> {
    for (let i = from; i < sizes.length; i++) {
      const json = jsons[i - from];
      try {
        if (this.fatalError === null && this.blockedCount === 0 && this.fits(sizes[i])) this.enqueueText(json, sizes[i]);
        else await this.whenFull(json, sizes[i]);
      } catch (err) {
        if (err instanceof QueueFullError) err.accepted = i;
        throw err;
      }
    }
    if (this.queue.length > this.paceHigh) await this.paced();
  }

  /** Validates the event and stages its JSON in the queue; returns its size. */
  private prepare(event: MeterEvent): number {
    if (this.closed) {
      StatsRecorder.bump(this.counters.rejected, 'closed');
      throw new StreamClosedError();
    }
    // An empty queue means no batch (and no clock expiry) may have happened for a long while.
    if (this.queue.length === 0) this.encoder.expireWall();
    try {
      return this.encoder.encode(event, this.queue);
    } catch (err) {
      StatsRecorder.bump(this.counters.rejected, 'validation');
      throw err;
    }
  }

  private fits(bytes: number): boolean {
    return this.queue.length < this.o.maxQueueEvents && this.queue.bytes + bytes <= this.o.maxQueueBytes;
  }

  /** Queues the event prepare() staged. */
  private enqueue(): void {
    const q = this.queue;
    const wall = this.encoder.wallAt;
    if (wall !== this.lastWall || q.length === 0) {
      this.lastWall = wall;
      this.lastNow = this.o.clock.now();
    }
    q.commit(this.lastNow);
    this.enqueued();
  }

  /** Queues an event held as text (the paths where the queue was full). */
  private enqueueText(json: string, bytes: number): void {
    this.queue.push(json, bytes, this.o.clock.now());
    this.enqueued();
  }

  private enqueued(): void {
    const q = this.queue;
    this.counters.enqueued++;
    if (q.length >= this.o.maxBatchSize || q.bytes + q.length + ENVELOPE_BYTES > MAX_BODY_BYTES) {
      // With every slot busy (or the rate limit waiting) the pump could not start a
      // batch, and a push cannot settle a flush or an idle wait: skip the call.
      if (this.inFlight.size < this.o.maxInFlight && this.limitTimer === null) this.pump();
    } else if (this.lingerTimer === null) this.armLinger(this.o.lingerMs);
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
        this.enqueueText(json, bytes);
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

  /** The shared wait of paced senders (their events are already queued). */
  private paced(): Promise<void> {
    if (this.paceSuspended || this.closed || this.fatalError !== null) return RESOLVED;
    if (this.pace === null) {
      this.pace = new Promise<void>((resolve) => {
        this.paceRelease = resolve;
      });
      this.holdOpen(1);
      this.paceStarted = this.o.clock.now();
      if (this.paceTimer === null) this.armPaceWatchdog(this.o.maxBlockMs);
    }
    return this.pace;
  }

  /** A wait that lasts maxBlockMs means delivery is stalled: release it and stop pacing, so the queue absorbs the outage up to its bound. */
  private armPaceWatchdog(ms: number): void {
    this.paceTimer = this.o.clock.setTimeout(() => {
      this.paceTimer = null;
      if (this.pace === null) return;
      const waited = this.o.clock.now() - this.paceStarted;
      if (waited < this.o.maxBlockMs) return this.armPaceWatchdog(this.o.maxBlockMs - waited);
      this.paceSuspended = true;
      this.releasePaced();
    }, ms);
  }

  private releasePaced(): void {
    const release = this.paceRelease;
    if (release === null) return;
    this.pace = null;
    this.paceRelease = null;
    this.holdOpen(-1);
    release();
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
    if (head >= this.blocked.length) {
      if (this.blockTimer !== null) this.o.clock.clearTimeout(this.blockTimer);
      this.blockTimer = null;
      this.holdForBlocked(false);
    }
  }

  /** Blocked senders keep the process alive (the stream's own timers are unref'd). */
  private holdForBlocked(on: boolean): void {
    if (on === this.blockedHold) return;
    this.blockedHold = on;
    this.holdOpen(on ? 1 : -1);
  }

  private armBlockTimer(): void {
    this.holdForBlocked(true);
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
    this.holdForBlocked(false);
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
    this.encoder.expireWall();
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
      this.dispatch(n, now);
    }
    if (q.length <= this.paceHigh) {
      this.paceSuspended = false;
      if (this.pace !== null) this.releasePaced();
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

  /** Cuts the `n` oldest events into a batch and starts its delivery. */
  private dispatch(n: number, now: number): void {
    const batch: Batch = wholeBatch(++this.batchSeq, this.queue.takeBody(n), n, now + this.o.deliveryTimeoutMs);
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
    this.releasePaced(); // their events are queued: close() hands them back
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
    if (this.paceTimer !== null) this.o.clock.clearTimeout(this.paceTimer);
    this.lingerTimer = this.limitTimer = this.paceTimer = null;
  }

  /** Flushing or closing must keep the process alive even though the stream's own timers are unref'd. */
  private holdOpen(delta: number): void {
    this.keepAliveUsers += delta;
    // One interval per stream, ref'd while held and unref'd (cheap) otherwise: paced waits come and go once per batch.
    if (this.keepAliveUsers > 0) (this.keepAlive ??= setInterval(() => {}, 1 << 30)).ref();
    else this.keepAlive?.unref();
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
    this.releasePaced(); // their events are queued and close() delivers them
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
      if (this.keepAliveUsers === 0 && this.keepAlive !== null) {
        clearInterval(this.keepAlive);
        this.keepAlive = null;
      }
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
