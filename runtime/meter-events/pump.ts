// The pump: cuts the oldest queued events into batches (up to maxBatchSize
// events and 256 KiB, a partial batch after lingerMs from its first event),
// within maxInFlight requests and the rate limit, and hands each to the
// Deliverer (delivery.ts), whose outcomes it routes. One linger timer and one
// rate-limit timer; a batch's body is one copy out of the queue's ring.

import { remainingEvents, wholeBatch, type Batch } from './batch.js';
import type { StreamCore } from './core.js';
import { Deliverer } from './delivery.js';
import { RateLimiter } from './rate-limiter.js';
import type { MeterEventTransport } from './transport.js';
import { ENVELOPE_BYTES, MAX_BODY_BYTES } from './validate.js';

export class Pump {
  readonly inFlight = new Set<Batch>();
  inFlightEvents = 0;
  readonly limiter: RateLimiter;
  private readonly deliverer: Deliverer;
  private lingerTimer: unknown = null;
  private limitTimer: unknown = null;
  private pumping = false;
  private repump = false;
  /** Sequence number of the last batch cut (flush() waits for batches up to a mark). */
  batchSeq = 0;

  constructor(
    private readonly c: StreamCore,
    transport: MeterEventTransport,
  ) {
    const o = c.o;
    this.limiter = new RateLimiter(o.maxEventsPerSecond, o.maxBatchSize, o.clock.now());
    this.deliverer = new Deliverer({
      transport,
      session: c.session,
      clock: o.clock,
      limiter: this.limiter,
      stats: c.stats,
      backoff: { baseMs: o.retryBaseMs, capMs: o.retryMaxMs, random: o.random },
      requestTimeoutMs: o.requestTimeoutMs,
      maxRetryAfterMs: o.maxRetryAfterMs,
      shutdown: c.shutdown.signal,
      stop: c.stop.signal,
      hooks: {
        sent: (count, body, firstSeq) => {
          c.stats.sent += count;
          c.queue.recycle(body);
          c.durability?.settle(firstSeq, count, 'delivered');
        },
        failed: (events, reason, error, possiblyDelivered, firstSeq) => c.outcomes.fail(events, reason, error, possiblyDelivered, firstSeq),
        fatal: (error, remaining, batchSeq) => c.lifecycle.stop(error, remaining, batchSeq),
        halted: (remaining, batchSeq) => c.queue.pushFront(remaining, o.clock.now(), batchSeq),
      },
    });
  }

  /** After an event was queued: start a full batch now, or make sure a partial one lingers at most lingerMs. */
  onEnqueued(): void {
    const c = this.c;
    const q = c.queue;
    if (!c.keepAlive.held) c.keepAlive.update();
    if (q.length >= c.o.maxBatchSize || q.bytes + q.length + ENVELOPE_BYTES > MAX_BODY_BYTES) {
      // With every slot busy (or the rate limit waiting) the pump could not start a
      // batch, and a push cannot settle a flush or an idle wait: skip the call.
      if (this.inFlight.size < c.o.maxInFlight && this.limitTimer === null) this.run();
    } else if (this.lingerTimer === null) this.armLinger(c.o.lingerMs);
  }

  /** Cuts and sends every batch that is due; then lets waiting senders, flushes and close() see the progress. */
  run(): void {
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.repump = false;
        this.once();
      } while (this.repump);
    } finally {
      this.pumping = false;
    }
  }

  private once(): void {
    const c = this.c;
    const o = c.o;
    const q = c.queue;
    c.intake.expireWall();
    for (;;) {
      if (c.backpressure.count > 0) c.backpressure.admit();
      if (c.fatal !== null || this.limitTimer !== null || q.length === 0 || this.inFlight.size >= o.maxInFlight) break;
      const now = o.clock.now();
      const n = q.batchCount(o.maxBatchSize, MAX_BODY_BYTES, ENVELOPE_BYTES);
      const full = n >= o.maxBatchSize || n < q.length;
      if (!full && !c.closed && !c.lifecycle.flushing) {
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
          this.run();
        }, wait);
        break;
      }
      this.limiter.take(n, now);
      this.dispatch(n, now);
    }
    // Batches left the queue: a durable log's backlog takes the room first (recovery.ts).
    c.recovery?.refill();
    c.backpressure.afterPump();
    c.lifecycle.onProgress();
    c.keepAlive.update();
  }

  private armLinger(ms: number): void {
    if (this.lingerTimer !== null) return;
    this.lingerTimer = this.c.o.clock.setTimeout(() => {
      this.lingerTimer = null;
      this.run();
    }, ms);
  }

  /** Cuts the `n` oldest events into a batch and starts its delivery. */
  private dispatch(n: number, now: number): void {
    const c = this.c;
    const firstSeq = c.queue.headSeq;
    // The deadline counts from when the batch's oldest event was accepted (as Kafka's delivery.timeout.ms):
    // time spent queued behind an outage counts too, so every event is settled within deliveryTimeoutMs
    // of its send(), and a process kept alive for its events is kept alive that long at most.
    const deadline = Math.min(now, c.queue.oldestTime()) + c.o.deliveryTimeoutMs;
    const batch = wholeBatch(++this.batchSeq, c.queue.takeBody(n), n, deadline, firstSeq);
    this.inFlight.add(batch);
    this.inFlightEvents += batch.size;
    c.stats.batch(batch.size);
    this.deliverer.deliver(batch).then(
      () => this.settle(batch),
      (err: unknown) => {
        // A bug, not a Stripe answer: still never lose the events silently.
        if (!batch.abandoned) c.outcomes.fail(remainingEvents(batch), 'internal_error', err, true, batch.firstSeq);
        this.settle(batch);
      },
    );
  }

  private settle(batch: Batch): void {
    if (!this.inFlight.delete(batch)) return; // abandoned by close(): already accounted for
    this.inFlightEvents -= batch.size;
    this.run();
  }

  /** Nothing in flight, and nothing queued that could still be sent. */
  isIdle(): boolean {
    return this.inFlight.size === 0 && (this.c.queue.length === 0 || this.c.fatal !== null);
  }

  /** close() gave up: every batch in flight goes back to the head of the queue, in the order batches left (the caller aborts the requests). */
  abandonAll(): void {
    const now = this.c.o.clock.now();
    for (const batch of this.inFlight) {
      batch.abandoned = true;
      this.c.queue.pushFront(remainingEvents(batch), now, batch.seq);
    }
    this.inFlight.clear();
    this.inFlightEvents = 0;
  }

  clearTimers(): void {
    const clock = this.c.o.clock;
    if (this.lingerTimer !== null) clock.clearTimeout(this.lingerTimer);
    if (this.limitTimer !== null) clock.clearTimeout(this.limitTimer);
    this.lingerTimer = this.limitTimer = null;
  }
}
