// The spool behind the stream's durability seam: events are appended before
// send() resolves, acknowledged by identifier after a 2xx (or a final
// undelivered outcome), and replayed at startup. This module maps identifiers
// to the spool's sequence numbers; the spool itself knows only sequences.
//
// Where the stream calls it (once the seam is in): the constructor opens it
// from `options.spool` and queues `recover()`'s events first (lazily, as room
// allows); intake calls `appendOne(identifier, bytes)` with the event's bytes in
// the queue's ring before send() resolves (awaiting it under fsync 'always'),
// after checking `fits()` and applying onFull (`waitForRoom`, `evictOldest`);
// the `sent(count, body)` hook calls `ackBody(body, count)` before the body is
// recycled; dead letters and drops are `ack()`ed by identifier; close() ends
// with `close()`, leaving what is pending for the next stream.
//
// Memory: one map entry per unacknowledged event (about 100 bytes), so a spool
// holding millions of events during a long outage costs that much heap. A seam
// that hands sequence numbers back (appendOne's return value) avoids it.

import { identifiersOfBody } from './body-ids.js';
import { Spool } from './spool.js';
import type { SpoolOptions, SpoolUsage } from './types.js';

/** An event as the queue holds it: its identifier and its JSON bytes (which include the identifier). */
export interface DurableEvent {
  identifier: string;
  bytes: Uint8Array;
}

/** The stream's view of durable storage (the seam in runtime/meter-events/durability.ts). */
export interface Durability {
  /** Before send() resolves. A promise when the policy waits for the disk ('always'). */
  append(events: readonly DurableEvent[]): Promise<void> | void;
  /** After Stripe accepted them (2xx), or they were reported undelivered: never to be resent. */
  ack(identifiers: readonly string[]): void;
  /** At startup: what an earlier process appended and nobody acknowledged, oldest first. */
  recover(): Iterable<DurableEvent>;
  close(): Promise<void>;
}

const text = new TextDecoder();

function identifierOf(bytes: Uint8Array): string {
  const v = JSON.parse(text.decode(bytes)) as { identifier?: unknown };
  return typeof v.identifier === 'string' ? v.identifier : '';
}

export class SpoolDurability implements Durability {
  readonly spool: Spool;
  /** Identifier -> sequence number(s) of its unacknowledged events (an identifier sent twice has two). */
  private readonly seqs = new Map<string, number | number[]>();
  private readonly always: boolean;

  constructor(options: SpoolOptions) {
    this.spool = Spool.open(options);
    this.always = this.spool.fsync === 'always';
  }

  append(events: readonly DurableEvent[]): Promise<void> | void {
    const bytes = new Array<Uint8Array>(events.length);
    for (let i = 0; i < events.length; i++) bytes[i] = events[i].bytes;
    const first = this.spool.append(bytes);
    for (let i = 0; i < events.length; i++) this.remember(events[i].identifier, first + i);
    return this.always ? this.spool.durable() : undefined;
  }

  /** One event without the array: returns its sequence number, or a promise of it under 'always'. */
  appendOne(identifier: string, bytes: Uint8Array): number | Promise<number> {
    const seq = this.spool.appendOne(bytes);
    this.remember(identifier, seq);
    return this.always ? this.spool.durable().then(() => seq) : seq;
  }

  private remember(identifier: string, seq: number): void {
    const had = this.seqs.get(identifier);
    if (had === undefined) this.seqs.set(identifier, seq);
    else if (typeof had === 'number') this.seqs.set(identifier, [had, seq]);
    else had.push(seq);
  }

  ack(identifiers: readonly string[]): void {
    const out: number[] = [];
    for (const id of identifiers) {
      const s = this.seqs.get(id);
      if (s === undefined) continue;
      this.seqs.delete(id);
      if (typeof s === 'number') out.push(s);
      else out.push(...s);
    }
    if (out.length > 0) this.spool.ack(out);
  }

  /** ack() of the events in a delivered request body (`{"events":[...]}`), as the stream's `sent(count, body)` hook has it. */
  ackBody(body: Uint8Array, count?: number): void {
    this.ack(identifiersOfBody(body, count));
  }

  *recover(): Generator<DurableEvent> {
    for (const e of this.spool.recovered()) {
      const identifier = identifierOf(e.bytes);
      this.remember(identifier, e.seq);
      yield { identifier, bytes: e.bytes };
    }
  }

  /** Capacity for the stream's onFull policy ('block': waitForRoom, 'dropOldest': evictOldest, 'reject'/'dropNewest': fits). */
  fits(jsonBytes: number): boolean {
    return this.spool.fits(jsonBytes);
  }

  waitForRoom(jsonBytes: number, signal?: AbortSignal): Promise<void> {
    return this.spool.waitForRoom(jsonBytes, signal);
  }

  /** Deletes the oldest segments until `jsonBytes` fit; returns the unacknowledged events they held, to report as dropped. */
  evictOldest(jsonBytes: number): DurableEvent[] {
    return this.spool.evictOldest(jsonBytes).map((e) => {
      const identifier = identifierOf(e.bytes);
      this.forget(identifier, e.seq);
      return { identifier, bytes: e.bytes };
    });
  }

  private forget(identifier: string, seq: number): void {
    const s = this.seqs.get(identifier);
    if (s === seq) this.seqs.delete(identifier);
    else if (Array.isArray(s)) {
      const rest = s.filter((x) => x !== seq);
      if (rest.length === 0) this.seqs.delete(identifier);
      else this.seqs.set(identifier, rest.length === 1 ? rest[0] : rest);
    }
  }

  usage(): SpoolUsage {
    return this.spool.usage();
  }

  close(): Promise<void> {
    return this.spool.close();
  }
}

/** Opens the spool of `options.dir` as the stream's durability (throws SpoolLockedError when it is in use). */
export function openSpool(options: SpoolOptions): SpoolDurability {
  return new SpoolDurability(options);
}
