// Intake: send(), trySend() and sendMany() validate the event, write its JSON
// once, as bytes, into the queue's ring buffer, and apply the onFull policy
// when there is no room (blocked senders and pacing live in backpressure.ts).
//
// Hot path: send() returns a shared resolved promise when the event fits and
// the queue is within highWaterMark; nothing is allocated per event. Every
// refusal is a rejection (send(), sendMany()) or `false` (trySend()), never a
// synchronous throw, except trySend()'s validation error, which it documents.

import { RESOLVED, type StreamCore } from './core.js';
import { MeterEventFatalError, MeterEventStreamError, MeterEventValidationError, QueueFullError, StreamClosedError } from './errors.js';
import { behindBacklog } from './recovery.js';
import { StatsRecorder } from './stats.js';
import type { MeterEvent } from './types.js';
import { EventEncoder, TimestampSource } from './validate.js';

/** Errors sendMany() tags with how many of its events were accepted before it stopped. */
type CutOff = QueueFullError | StreamClosedError | MeterEventFatalError;

export class Intake {
  private readonly encoder: EventEncoder;
  /**
   * Enqueue times come from the monotonic clock, read again only when the wall
   * clock the encoder read for the event has moved (or the queue is empty): at
   * most 1 ms stale, and one clock read per millisecond instead of per event.
   */
  private lastWall = Number.NaN;
  private lastNow = 0;
  /** Set while a durable log's recovered events are being queued: new events wait behind them. */
  recovering: Promise<void> | null = null;

  constructor(private readonly c: StreamCore) {
    const o = c.o;
    this.encoder = new EventEncoder(
      { customerKey: o.customerKey, wallNow: o.clock.wallNow, generateIdentifier: o.generateIdentifier },
      new TimestampSource(o.clock.wallNow),
    );
    // A bounded log (a spool's maxBytes) is a second room check; the in-memory stream keeps the plain one.
    const log = c.durability;
    if (log?.fits !== undefined) this.fits = (bytes) => this.memoryFits(bytes) && log.fits!(bytes);
  }

  /**
   * Accepts an event: resolves once it is queued (at once when there is room
   * and the queue is within highWaterMark; past it, once the queue is back at
   * the mark). Rejects with MeterEventValidationError, StreamClosedError,
   * QueueFullError (per onFull) or the stream's MeterEventFatalError.
   */
  send(event: MeterEvent): Promise<void> {
    if (this.recovering !== null) return this.behindBacklog(() => this.send(event), [event], false);
    let bytes: number;
    try {
      bytes = this.prepare(event);
    } catch (err) {
      return Promise.reject(err);
    }
    const c = this.c;
    if (c.fatal === null && c.backpressure.count === 0 && this.fits(bytes)) {
      const durable = this.enqueue();
      if (durable !== undefined) return this.afterDurable(durable);
      return c.queue.length > c.backpressure.paceHigh ? c.backpressure.paced() : RESOLVED;
    }
    return this.whenFull(c.queue.unstage()[0], bytes);
  }

  /** Never waits: false when the event was not accepted (closed, queue full, sending stopped). Throws only for an invalid event. */
  trySend(event: MeterEvent): boolean {
    const c = this.c;
    if (c.closed || this.recovering !== null) {
      StatsRecorder.bump(c.stats.rejected, c.closed ? 'closed' : 'queue_full');
      return false;
    }
    const bytes = this.prepare(event);
    if (c.fatal === null && c.backpressure.count === 0) {
      if (this.fits(bytes)) {
        this.unawaited(this.enqueue());
        return true;
      }
      if (c.o.onFull === 'dropOldest' && this.evictFor(bytes)) {
        this.unawaited(this.enqueue());
        return true;
      }
    }
    c.queue.unstage();
    StatsRecorder.bump(c.stats.rejected, c.fatal ? 'fatal' : 'queue_full');
    return false;
  }

  /**
   * Validates all events first (none is queued if one is invalid; the error carries `.index`), then
   * sends them in order. If it stops part-way (close(), a full queue, a fatal error), the error's
   * `accepted` says how many events, from the start, were accepted; the others were not.
   */
  sendMany(events: readonly MeterEvent[]): Promise<void> {
    if (this.recovering !== null) return this.behindBacklog(() => this.sendMany(events), events, true);
    const c = this.c;
    const q = c.queue;
    // Staged one after another in the queue's ring, and queued only once all are valid.
    const sizes = new Array<number>(events.length);
    for (let i = 0; i < events.length; i++) {
      try {
        sizes[i] = this.prepare(events[i]);
      } catch (err) {
        q.unstage();
        if (err instanceof MeterEventValidationError) err.index = i;
        if (err instanceof StreamClosedError) {
          err.accepted = 0;
          StatsRecorder.bump(c.stats.rejected, 'closed', events.length - 1);
        }
        return Promise.reject(err);
      }
    }
    let durable: Promise<void> | undefined;
    for (let i = 0; i < sizes.length; i++) {
      if (c.fatal === null && c.backpressure.count === 0 && this.fits(sizes[i])) durable = this.enqueue() ?? durable;
      else return this.sendManySlow(q.unstage(), sizes, i, durable);
    }
    if (durable !== undefined) return this.afterDurable(durable);
    return q.length > c.backpressure.paceHigh ? c.backpressure.paced() : RESOLVED;
  }

  /** The events of sendMany() from `from` on, when the queue is full: `jsons[k]` is event `from + k`. */
  private async sendManySlow(jsons: string[], sizes: number[], from: number, durable: Promise<void> | undefined): Promise<void> {
    const c = this.c;
    for (let i = from; i < sizes.length; i++) {
      const json = jsons[i - from];
      try {
        if (c.fatal === null && c.backpressure.count === 0 && this.fits(sizes[i])) durable = this.enqueueText(json, sizes[i]) ?? durable;
        else await this.whenFull(json, sizes[i]);
      } catch (err) {
        throw this.cutOff(err, i, sizes.length);
      }
    }
    if (durable !== undefined) await durable;
    if (c.queue.length > c.backpressure.paceHigh) await c.backpressure.paced();
  }

  /** New events while a durable log's backlog is being queued: recovery.ts decides, by onFull. */
  private behindBacklog(retry: () => Promise<void>, events: readonly MeterEvent[], many: boolean): Promise<void> {
    return behindBacklog(this.c, this.recovering!, retry, events, many, (e) => this.prepare(e));
  }

  /** Tags the error that stopped sendMany() at event `i` of `n`; the events after it count as refused too. */
  private cutOff(err: unknown, i: number, n: number): unknown {
    const c = this.c;
    const rest = n - i - 1;
    if (err instanceof QueueFullError || err instanceof StreamClosedError) {
      err.accepted = i;
      StatsRecorder.bump(c.stats.rejected, err instanceof QueueFullError ? 'queue_full' : 'closed', rest);
      return err;
    }
    if (err instanceof MeterEventFatalError) {
      // The stream's error is shared: a copy carries this call's count.
      const own = new MeterEventFatalError(err.cause, c.session.secrets);
      own.accepted = i;
      StatsRecorder.bump(c.stats.rejected, 'fatal', rest);
      return own;
    }
    return err;
  }

  /** trySend() cannot wait for a durable write: its failure goes to onError instead. */
  private unawaited(durable: Promise<void> | undefined): void {
    durable?.catch((err: unknown) => this.c.outcomes.emitError(new MeterEventStreamError('durable write of an event accepted by trySend() failed', err)));
  }

  private async afterDurable(durable: Promise<void>): Promise<void> {
    await durable;
    const c = this.c;
    if (c.queue.length > c.backpressure.paceHigh) await c.backpressure.paced();
  }

  /** Validates the event and stages its JSON in the queue; returns its size. */
  private prepare(event: MeterEvent): number {
    const c = this.c;
    if (c.closed) {
      StatsRecorder.bump(c.stats.rejected, 'closed');
      throw new StreamClosedError();
    }
    // An empty queue means no batch (and no clock expiry) may have happened for a long while.
    if (c.queue.length === 0) this.encoder.expireWall();
    try {
      return this.encoder.encode(event, c.queue);
    } catch (err) {
      StatsRecorder.bump(c.stats.rejected, 'validation');
      throw err;
    }
  }

  /** Called by the pump before it cuts batches: an expired coarse wall-clock reading is re-read. */
  expireWall(): void {
    this.encoder.expireWall();
  }

  fits(bytes: number): boolean {
    return this.memoryFits(bytes);
  }

  /** Room in the queue itself (maxQueueEvents, maxQueueBytes), whatever a log's bound says. */
  memoryFits(bytes: number): boolean {
    const q = this.c.queue;
    return q.length < this.c.o.maxQueueEvents && q.bytes + bytes <= this.c.o.maxQueueBytes;
  }

  /** Queues the event prepare() staged; returns the durable write to wait for, if any. */
  private enqueue(): Promise<void> | undefined {
    const c = this.c;
    const q = c.queue;
    const wall = this.encoder.wallAt;
    if (wall !== this.lastWall || q.length === 0) {
      this.lastWall = wall;
      this.lastNow = c.o.clock.now();
    }
    q.commit(this.lastNow);
    c.stats.enqueued++;
    const durable = c.durability === null ? undefined : this.append();
    c.pump.onEnqueued();
    return durable;
  }

  /** Hands the event just committed to the durable log; a throw becomes a rejection (send() never throws). */
  private append(): Promise<void> | undefined {
    const q = this.c.queue;
    try {
      return this.c.durability!.append(q.pushedTotal - 1, q.buf, q.committedOff, q.committedLen);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Queues an event held as text (the paths where the queue was full, and recovery). */
  enqueueText(json: string, bytes: number, append = true): Promise<void> | undefined {
    const c = this.c;
    const q = c.queue;
    q.push(json, bytes, c.o.clock.now());
    c.stats.enqueued++;
    const durable = append && c.durability !== null ? this.append() : undefined;
    c.pump.onEnqueued();
    return durable;
  }

  private whenFull(json: string, bytes: number): Promise<void> {
    const c = this.c;
    if (c.fatal !== null) {
      StatsRecorder.bump(c.stats.rejected, 'fatal');
      return Promise.reject(c.fatal);
    }
    switch (c.o.onFull) {
      case 'dropNewest':
        c.outcomes.drop([json], 'dropped_newest', -1);
        return RESOLVED;
      case 'dropOldest':
        if (this.evictFor(bytes)) return this.enqueueText(json, bytes) ?? RESOLVED;
        StatsRecorder.bump(c.stats.rejected, 'queue_full');
        return Promise.reject(new QueueFullError(0, 'meter event spool is full and only batches in flight hold it: nothing queued left to drop'));
      case 'reject':
        StatsRecorder.bump(c.stats.rejected, 'queue_full');
        return Promise.reject(new QueueFullError(0));
      case 'block':
        return c.backpressure.block(json, bytes);
    }
  }

  /**
   * Drops the oldest queued events until an event of `bytes` fits; false when it still does not. The
   * queue's room frees as events leave it, a log's only once they are settled (a segment at a time),
   * so with a log each round drops about its shortfall and settles it before looking again.
   */
  private evictFor(bytes: number): boolean {
    const c = this.c;
    const q = c.queue;
    const log = c.durability;
    while (q.length > 0 && !this.fits(bytes)) {
      const first = q.headSeq;
      const evicted: string[] = [];
      let want = log?.shortfall?.(bytes) ?? 0;
      do {
        const json = q.shift();
        want -= json.length + 24; // about its record's size on disk
        evicted.push(json);
      } while (q.length > 0 && (want > 0 || !this.memoryFits(bytes)));
      c.outcomes.drop(evicted, 'dropped_oldest', first);
    }
    return this.fits(bytes);
  }
}
