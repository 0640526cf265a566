// The two ways a producer is held back, each with its own rule:
//
// Blocked senders (onFull 'block', queue full): each waits, FIFO, for room, up
// to maxBlockMs. Waiting senders hold their event too, so they are bounded by
// the same limits as the queue (maxQueueEvents events, maxQueueBytes bytes):
// past that, send() rejects at once with QueueFullError. Memory stays within
// twice the queue's bounds however many fire-and-forget sends an outage meets.
// One timer serves all of them (they share maxBlockMs, so deadlines are FIFO).
//
// Pacing (onFull 'block', past highWaterMark): send() still accepts the event
// but returns one promise shared by every such caller, resolved as soon as the
// queue is back at the mark (the next batch leaving does it). A producer loop
// that awaits send() then yields once per batch and makes about a batch per
// response, so the queue stays a couple of rounds deep (its bytes stay in
// cache; a full queue measured 1.5x slower) instead of filling up. A wait
// that lasts maxBlockMs means delivery is stalled: it ends and pacing pauses
// until the queue is back at the mark, so the queue absorbs an outage.

import { RESOLVED, type StreamCore } from './core.js';
import { QueueFullError } from './errors.js';
import { StatsRecorder } from './stats.js';

interface BlockedSender {
  json: string;
  bytes: number;
  deadline: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Backpressure {
  private blocked: BlockedSender[] = [];
  private head = 0;
  private blockedBytes = 0;
  private blockTimer: unknown = null;
  /** Queue depth past which send() waits (Infinity: off). */
  readonly paceHigh: number;
  private pace: Promise<void> | null = null;
  private paceRelease: (() => void) | null = null;
  private paceStarted = 0;
  /** Watchdog for stalled delivery: re-armed while pacing goes on, never cleared per wait. */
  private paceTimer: unknown = null;
  private paceSuspended = false;

  constructor(private readonly c: StreamCore) {
    const o = c.o;
    this.paceHigh = o.onFull === 'block' && o.maxBlockMs > 0 ? o.highWaterMark : Infinity;
  }

  /** Senders waiting for room. */
  get count(): number {
    return this.blocked.length - this.head;
  }

  /** Waits for room for an event the full queue could not take (onFull 'block'). */
  block(json: string, bytes: number): Promise<void> {
    const c = this.c;
    const o = c.o;
    if (o.maxBlockMs <= 0 || this.count >= o.maxQueueEvents || this.blockedBytes + bytes > o.maxQueueBytes) {
      StatsRecorder.bump(c.stats.rejected, 'queue_full');
      const detail = o.maxBlockMs <= 0 ? undefined : `meter event queue is full and ${this.count} senders are already waiting (the same bound as the queue)`;
      return Promise.reject(new QueueFullError(0, detail));
    }
    return new Promise<void>((resolve, reject) => {
      this.blocked.push({ json, bytes, deadline: o.clock.now() + o.maxBlockMs, resolve, reject });
      this.blockedBytes += bytes;
      if (this.blockTimer === null) this.armBlockTimer();
      c.keepAlive.update();
    });
  }

  /** The shared wait of paced senders (their events are already queued). */
  paced(): Promise<void> {
    const c = this.c;
    if (this.paceSuspended || c.closed || c.fatal !== null) return RESOLVED;
    if (this.pace === null) {
      this.pace = new Promise<void>((resolve) => {
        this.paceRelease = resolve;
      });
      this.paceStarted = c.o.clock.now();
      if (this.paceTimer === null) this.armPaceWatchdog(c.o.maxBlockMs);
    }
    return this.pace;
  }

  /** After the pump ran: blocked senders enter in FIFO order as space frees up, and paced senders go on once the queue is back at the mark. */
  afterPump(): void {
    if (this.count > 0) this.admit();
    if (this.c.queue.length <= this.paceHigh) {
      this.paceSuspended = false;
      if (this.pace !== null) this.releasePaced();
    }
  }

  /** Admits waiting senders while their events fit. */
  admit(): void {
    const b = this.blocked;
    let head = this.head;
    const intake = this.c.intake;
    while (head < b.length && intake.fits(b[head].bytes)) {
      const w = b[head++];
      this.blockedBytes -= w.bytes;
      const durable = intake.enqueueText(w.json, w.bytes);
      if (durable === undefined) w.resolve();
      else durable.then(w.resolve, w.reject);
    }
    this.compact(head);
  }

  releasePaced(): void {
    const release = this.paceRelease;
    if (release === null) return;
    this.pace = null;
    this.paceRelease = null;
    release();
  }

  /** Rejects every blocked sender (close or fatal error). */
  rejectAll(reason: string, error: () => Error): void {
    const b = this.blocked;
    for (let i = this.head; i < b.length; i++) {
      StatsRecorder.bump(this.c.stats.rejected, reason);
      b[i].reject(error());
    }
    this.blocked = [];
    this.head = 0;
    this.blockedBytes = 0;
    this.clearBlockTimer();
  }

  clearTimers(): void {
    if (this.paceTimer !== null) this.c.o.clock.clearTimeout(this.paceTimer);
    this.paceTimer = null;
  }

  private armPaceWatchdog(ms: number): void {
    const clock = this.c.o.clock;
    this.paceTimer = clock.setTimeout(() => {
      this.paceTimer = null;
      if (this.pace === null) return;
      const waited = clock.now() - this.paceStarted;
      if (waited < this.c.o.maxBlockMs) return this.armPaceWatchdog(this.c.o.maxBlockMs - waited);
      this.paceSuspended = true;
      this.releasePaced();
    }, ms);
  }

  /** Drops admitted/expired senders from the front; the array is rebuilt only when half of it is dead. */
  private compact(head: number): void {
    if (head >= this.blocked.length) {
      this.blocked = [];
      head = 0;
    } else if (head > 1024 && head * 2 > this.blocked.length) {
      this.blocked = this.blocked.slice(head);
      head = 0;
    }
    this.head = head;
    if (head >= this.blocked.length) this.clearBlockTimer();
  }

  private clearBlockTimer(): void {
    if (this.blockTimer !== null) this.c.o.clock.clearTimeout(this.blockTimer);
    this.blockTimer = null;
  }

  private armBlockTimer(): void {
    const clock = this.c.o.clock;
    const first = this.blocked[this.head];
    this.blockTimer = clock.setTimeout(() => this.expire(), first.deadline - clock.now());
  }

  private expire(): void {
    this.blockTimer = null;
    const c = this.c;
    const b = this.blocked;
    let head = this.head;
    const now = c.o.clock.now();
    while (head < b.length && b[head].deadline <= now) {
      const w = b[head++];
      this.blockedBytes -= w.bytes;
      StatsRecorder.bump(c.stats.rejected, 'queue_full');
      w.reject(new QueueFullError(now - (w.deadline - c.o.maxBlockMs)));
    }
    this.compact(head);
    if (this.count > 0) this.armBlockTimer();
    c.keepAlive.update();
  }
}
