// The seam a durable spool plugs into. The stream calls these hooks at three
// points; the in-memory default does nothing, so the hot path pays one null
// check per event.
//
// Positions (`seq`): every event the stream accepts gets the next position,
// from 0 per stream: recovered events first (in the order recover() gave
// them), then each event accepted by send()/trySend()/sendMany() or admitted
// from the blocked senders. A batch is a contiguous run of positions, and so
// is each piece of a bisected batch, so settle() names events as (first, count).
//
// What settles: events Stripe accepted (2xx), events reported to onUndelivered
// (failed for good, or dropped by the onFull policy). Events close() hands back
// as `pending`, or left in memory at a crash, never settle: a stream opened on
// the same log later sends them again with the same identifiers (Stripe
// deduplicates identifiers for 24 hours).

import type { SpoolUsage } from './spool/types.js';

/** Why a run of events settled. */
export type SettleOutcome = 'delivered' | 'failed' | 'dropped';

export interface MeterEventDurability {
  /**
   * Startup: events a previous run accepted and did not settle, as the exact JSON it accepted
   * (identifier and timestamp included), oldest first. Called once, before the stream takes any
   * event. An iterable is read lazily: the stream takes the next event when its queue has room
   * (a lazy one keeps a large backlog out of memory), and new events wait until it is done. They
   * are queued ahead of new events at positions 0..n-1 and are not append()ed again.
   */
  recover(): PromiseLike<Iterable<string>> | Iterable<string>;
  /**
   * An event was accepted: `bytes.subarray(off, off + len)` is its JSON exactly as it will be sent
   * (valid only during the call: copy it). Return a promise to make send() wait until the event is
   * durable (the promises of successive appends must settle in order; a rejection, or a throw,
   * rejects that send(), though the event stays queued in memory and is still sent); return
   * undefined when there is nothing to wait for. One promise may serve many events (group commit).
   * The identifier is always in the JSON (`"identifier":"…"`): the stream fills it at send(). trySend() cannot wait: the write
   * still happens, the caller just is not told when.
   */
  append(seq: number, bytes: Uint8Array, off: number, len: number): Promise<void> | undefined;
  /** The events at positions first..first+count-1 are done for good; they may be removed. May repeat a position. */
  settle(first: number, count: number, outcome: SettleOutcome): void;
  /**
   * Optional bound of the log (a spool's maxBytes): whether one more event of `jsonBytes` fits. When
   * it does not, the stream applies its onFull policy exactly as for a full queue ('block' waits for
   * settled events to free room, 'reject', 'dropNewest', 'dropOldest').
   */
  fits?(jsonBytes: number): boolean;
  /** With fits(): how many bytes must be freed first ('dropOldest' settles about this much of the oldest queued events per round). */
  shortfall?(jsonBytes: number): number;
  /** Optional: how full the log is, for stats() (a spool's bytes, bound, unacknowledged events and segments). */
  usage?(): SpoolUsage;
  /** The stream closed (after close()'s deadline): flush and release the log. */
  close(): Promise<void>;
}

/** The default: nothing survives the process (the stream still reports every loss it sees). */
export const inMemory: MeterEventDurability = {
  recover: () => [],
  append: () => undefined,
  settle: () => {},
  close: () => Promise.resolve(),
};
