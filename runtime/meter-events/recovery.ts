// Recovery: the events a durable log kept from earlier processes go out first, but never more of
// them in memory at a time than the queue's own bounds (maxQueueEvents, maxQueueBytes). A spool
// that filled during a long outage (256 MiB by default) is read lazily and queued as batches leave
// the queue, so a restart costs the memory a running stream does, not the log's size twice over.
// New events never go ahead of the backlog: flush() waits for it, trySend() returns false, and
// send()/sendMany() meet the onFull policy as at a full queue (behindBacklog below). A close() or
// fatal error stops it: what was not queued stays in the log for the next stream
// (stats().spool.unacked counts it), and sends waiting behind it are refused.

import { RESOLVED, type StreamCore } from './core.js';
import { MeterEventValidationError, QueueFullError } from './errors.js';
import { StatsRecorder } from './stats.js';
import type { MeterEvent } from './types.js';

const utf8 = new TextEncoder();

export class Recovery {
  private readonly events: Iterator<string>;
  /** The next event, read but not queued yet: there was no room for it. */
  private held: { json: string; bytes: number } | null = null;
  /** Queuing an event can run the pump, which calls refill() again: one loop at a time. */
  private refilling = false;
  private finish!: () => void;
  /** Every recovered event is queued, or recovery stopped (close(), a fatal error, a failed read). */
  readonly finished: Promise<void>;
  done = false;
  /** Events of senders waiting behind the backlog (onFull 'block'): bounded like blocked senders, by maxQueueEvents. */
  waiting = 0;

  constructor(
    private readonly c: StreamCore,
    events: Iterable<string>,
    private readonly fail: (err: unknown) => void,
  ) {
    this.finished = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    let iterator: Iterator<string> | null = null;
    try {
      iterator = events[Symbol.iterator]();
    } catch (err) {
      fail(err); // a durability whose recover() gave no iterable: reported, and the stream goes on without a backlog
    }
    this.events = iterator ?? [][Symbol.iterator]();
  }

  /** Queues recovered events while the queue has room: at the start, then each time the pump took batches off the queue. */
  refill(): void {
    if (this.done || this.refilling) return;
    const c = this.c;
    this.refilling = true;
    try {
      while (!c.closed && c.fatal === null) {
        const next = this.held ?? this.read();
        if (next === null) break;
        // An empty queue takes any event (one event is always within the bounds).
        if (c.queue.length > 0 && !c.intake.memoryFits(next.bytes)) {
          this.held = next;
          return;
        }
        this.held = null;
        // Positions follow the log's order; the log has them already, so they are not appended again.
        c.intake.enqueueText(next.json, next.bytes, false);
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.refilling = false;
    }
    this.done = true;
    this.held = null;
    this.finish();
  }

  private read(): { json: string; bytes: number } | null {
    const r = this.events.next();
    return r.done === true ? null : { json: r.value, bytes: utf8.encode(r.value).length };
  }
}

/**
 * send()/sendMany() while a durable log's backlog is being queued. New events never
 * go ahead of it, and the wait follows onFull as a full queue would: 'block' waits up to
 * maxBlockMs for the backlog to be queued, 'dropNewest' drops the new events (to onUndelivered),
 * 'reject' and 'dropOldest' reject with QueueFullError (the backlog is older, and already
 * accepted: it is not dropped for newer events). Waiting senders are bounded as blocked ones are:
 * past maxQueueEvents events, send() rejects at once. While an asynchronous recover() is still
 * reading the log, sends just wait for it.
 */
export function behindBacklog(
  c: StreamCore,
  recovering: Promise<void>,
  retry: () => Promise<void>,
  events: readonly MeterEvent[],
  many: boolean,
  prepare: (event: MeterEvent) => number,
): Promise<void> {
  if (c.recovery === null || c.closed || c.fatal !== null) return recovering.then(retry);
  const o = c.o;
  const recovery = c.recovery;
  if (o.onFull === 'block' && o.maxBlockMs > 0 && recovery.waiting + events.length <= o.maxQueueEvents) {
    const started = o.clock.now();
    recovery.waiting += events.length;
    return new Promise<void>((resolve, reject) => {
      let waiting = true;
      const timer = o.clock.setTimeout(() => {
        waiting = false;
        recovery.waiting -= events.length;
        StatsRecorder.bump(c.stats.rejected, 'queue_full', events.length);
        const err = new QueueFullError(o.clock.now() - started, `a durable log's backlog was still being queued after ${Math.round(o.clock.now() - started)} ms (new events wait behind it)`);
        if (many) err.accepted = 0;
        reject(err);
      }, o.maxBlockMs);
      void recovering.then(() => {
        if (!waiting) return;
        waiting = false;
        recovery.waiting -= events.length;
        o.clock.clearTimeout(timer);
        retry().then(resolve, reject);
      });
    });
  }
  if (o.onFull === 'dropNewest') {
    const dropped: string[] = [];
    for (let i = 0; i < events.length; i++) {
      try {
        prepare(events[i]);
      } catch (err) {
        c.queue.unstage();
        if (err instanceof MeterEventValidationError && many) err.index = i;
        return Promise.reject(err);
      }
    }
    dropped.push(...c.queue.unstage());
    c.outcomes.drop(dropped, 'dropped_newest', -1);
    return RESOLVED;
  }
  StatsRecorder.bump(c.stats.rejected, 'queue_full', events.length);
  const detail =
    o.onFull === 'block' && o.maxBlockMs > 0
      ? `a durable log's backlog is being queued and ${recovery.waiting} events already wait behind it (the same bound as the queue)`
      : "a durable log's backlog is being queued: new events wait behind it (onFull 'block' waits up to maxBlockMs)";
  const err = new QueueFullError(0, detail);
  if (many) err.accepted = 0;
  return Promise.reject(err);
}
