// Recovery: the events a durable log kept from earlier processes go out first, but never more of
// them in memory at a time than the queue's own bounds (maxQueueEvents, maxQueueBytes). A spool
// that filled during a long outage (256 MiB by default) is read lazily and queued as batches leave
// the queue, so a restart costs the memory a running stream does, not the log's size twice over.
// New events wait behind the backlog: send(), sendMany() and flush() go on once it is all queued;
// trySend() returns false until then. A close() or fatal error stops it: what was not queued stays
// in the log for the next stream (stats().spool.unacked counts it).

import type { StreamCore } from './core.js';

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

  constructor(
    private readonly c: StreamCore,
    events: Iterable<string>,
    private readonly fail: (err: unknown) => void,
  ) {
    this.events = events[Symbol.iterator]();
    this.finished = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
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
