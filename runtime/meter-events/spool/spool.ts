// The durable spool: an append-only log of meter events split into segment
// files, with acknowledgements recorded beside each segment. An event stays
// until it is acknowledged (Stripe accepted it, or it was reported undelivered);
// a segment whose events are all acknowledged is deleted, which is what keeps
// the folder within `maxBytes` (as Kafka's log and the OpenTelemetry
// Collector's file-backed queue: nothing is removed before it was delivered).
//
// Appends are synchronous writes to the operating system, so a killed process
// loses nothing appended; fdatasync follows the `fsync` policy (types.ts).
// Opening a folder recovers what earlier processes appended and did not ack,
// in order and byte for byte; damaged regions are reported and skipped.

import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { SpoolClosedError, SpoolCorruptionError, SpoolFullError, SpoolLockedError, SpoolOptionsError } from './errors.js';
import { encodeLogRecord, logRecordBytes } from './framing.js';
import { GroupSync } from './group-sync.js';
import { acquireLock, type SpoolLock } from './lock.js';
import { checkOptions } from './options.js';
import { RoomWaiters } from './room.js';
import { Segment, recoverSegments } from './segment.js';
import type { SpoolEntry, SpoolFsyncPolicy, SpoolOptions, SpoolUsage } from './types.js';

export class Spool {
  readonly dir: string;
  readonly maxBytes: number;
  readonly segmentBytes: number;
  readonly fsync: SpoolFsyncPolicy;
  private readonly lock: SpoolLock;
  private readonly onError: (err: Error) => void;
  /** Oldest first; the last one is `active` once anything was appended by this process. */
  private segments: Segment[] = [];
  private active: Segment | null = null;
  /** Segments an earlier process left with live events: what recovered() yields. */
  private readonly leftover: Segment[];
  private nextSeq = 0;
  private used = 0;
  private unacked = 0;
  private buf = new Uint8Array(64 * 1024);
  private readonly waiters = new RoomWaiters();
  private timer: ReturnType<typeof setInterval> | null = null;
  private dirDirty = false;
  private readonly sync = new GroupSync(() => this.syncAll());
  private closed = false;

  private constructor(options: SpoolOptions) {
    const o = checkOptions(options);
    this.maxBytes = o.maxBytes;
    this.segmentBytes = o.segmentBytes;
    this.fsync = o.fsync;
    this.onError = options.onError ?? ((err) => process.emitWarning(err));
    try {
      mkdirSync(options.dir, { recursive: true });
      if (!statSync(options.dir).isDirectory()) throw new Error('not a directory');
      this.dir = realpathSync(options.dir);
      this.lock = acquireLock(this.dir);
    } catch (err) {
      if (err instanceof SpoolLockedError) throw err;
      throw new SpoolOptionsError(`spool.dir: ${options.dir} cannot be used: ${(err as Error).message}`, { cause: err });
    }
    try {
      this.leftover = this.recover(options.onCorruption);
    } catch (err) {
      this.lock.release();
      throw err;
    }
    if (this.fsync !== 'never') {
      this.timer = setInterval(() => this.durable().catch(this.onError), o.fsyncIntervalMs);
      this.timer.unref();
    }
  }

  /** Opens (creating if needed) the spool in `options.dir`; throws SpoolLockedError if another process has it. */
  static open(options: SpoolOptions): Spool {
    return new Spool(options);
  }

  private recover(onCorruption: SpoolOptions['onCorruption']): Segment[] {
    const { kept, nextSeq } = recoverSegments(this.dir, (file, r) => {
      const err = new SpoolCorruptionError(file, r.offset, r.length, r.reason);
      if (onCorruption) onCorruption(err);
      else process.emitWarning(err);
    });
    this.nextSeq = nextSeq;
    this.segments = kept.slice();
    for (const seg of kept) {
      this.used += seg.size + seg.ackSize;
      this.unacked += seg.live;
    }
    return kept;
  }

  // ---- appending ------------------------------------------------------------

  /** Bytes one event of `jsonBytes` takes in the log. */
  static recordBytes(jsonBytes: number): number {
    return logRecordBytes(jsonBytes);
  }

  /** Whether events of these JSON sizes fit within maxBytes now. */
  fits(...jsonBytes: number[]): boolean {
    let need = 0;
    for (const n of jsonBytes) need += logRecordBytes(n);
    return this.used + need <= this.maxBytes;
  }

  /**
   * Writes the events (their JSON bytes, as the queue holds them) to the log and
   * returns the sequence number of the first (the rest follow consecutively).
   * SpoolFullError (nothing written) when they do not fit: apply onFull, then retry.
   * An I/O error (ENOSPC, EIO) throws too; events of the call written to an earlier
   * segment before it are kept, and would be resent after a restart (Stripe deduplicates).
   */
  append(events: readonly Uint8Array[]): number {
    if (this.closed) throw new SpoolClosedError();
    let need = 0;
    for (const e of events) need += logRecordBytes(e.length);
    if (this.used + need > this.maxBytes) throw new SpoolFullError(need, this.used, this.maxBytes);
    const first = this.nextSeq;
    let seg = this.activeFor(need);
    let start = 0;
    let at = 0;
    let count = 0;
    if (this.buf.length < need) this.buf = new Uint8Array(Math.max(need, this.buf.length * 2));
    const buf = this.buf;
    for (const e of events) {
      const size = logRecordBytes(e.length);
      if (count > 0 && seg.size + (at - start) + size > this.segmentBytes) {
        this.write(seg, start, at, count);
        seg = this.activeFor(size);
        start = at;
        count = 0;
      }
      at += encodeLogRecord(buf, at, this.nextSeq + count, e);
      count++;
    }
    this.write(seg, start, at, count);
    return first;
  }

  /** Whether one event of `jsonBytes` fits within maxBytes now (the stream's per-event check: no rest array). */
  fitsOne(jsonBytes: number): boolean {
    return this.used + logRecordBytes(jsonBytes) <= this.maxBytes;
  }

  /** Bytes on disk that would have to be freed before one event of `jsonBytes` fits (0 when it fits). */
  shortfall(jsonBytes: number): number {
    return Math.max(0, this.used + logRecordBytes(jsonBytes) - this.maxBytes);
  }

  /** append() of one event, without the array: the stream's per-send() path. */
  appendOne(json: Uint8Array): number {
    if (this.closed) throw new SpoolClosedError();
    const need = logRecordBytes(json.length);
    if (this.used + need > this.maxBytes) throw new SpoolFullError(need, this.used, this.maxBytes);
    const seg = this.activeFor(need);
    if (this.buf.length < need) this.buf = new Uint8Array(Math.max(need, this.buf.length * 2));
    const seq = this.nextSeq;
    this.write(seg, 0, encodeLogRecord(this.buf, 0, seq, json), 1);
    return seq;
  }

  private write(seg: Segment, start: number, end: number, count: number): void {
    if (count === 0) return;
    seg.append(this.buf, start, end, count);
    this.nextSeq += count;
    this.used += end - start;
    this.unacked += count;
  }

  /** The segment to write `bytes` to: the active one, unless it would pass segmentBytes (then a new one). */
  private activeFor(bytes: number): Segment {
    const cur = this.active;
    if (cur !== null && (cur.size === 0 || cur.size + bytes <= this.segmentBytes)) return cur;
    if (cur !== null) {
      if (this.fsync !== 'never') void cur.flush(true); // its last writes reach the disk before its descriptor closes
      cur.seal();
      if (cur.live === 0) this.remove(cur);
    }
    const seg = Segment.create(this.dir, this.nextSeq);
    this.segments.push(seg);
    this.dirDirty = true;
    return (this.active = seg);
  }

  // ---- acknowledging --------------------------------------------------------

  /** Marks events delivered (or finally undelivered); deletes segments left with none. Returns how many were live. */
  ack(seqs: ArrayLike<number>): number {
    if (this.closed || seqs.length === 0) return 0;
    const sorted = Float64Array.from(seqs).sort();
    let acked = 0;
    let i = 0;
    while (i < sorted.length) {
      const seg = this.segmentOf(sorted[i]);
      if (seg === undefined) {
        i++;
        continue;
      }
      const ranges: Array<[number, number]> = [];
      for (; i < sorted.length && sorted[i] < seg.end; i++) {
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last[0] + last[1] === sorted[i]) last[1]++;
        else if (last === undefined || last[0] + last[1] < sorted[i]) ranges.push([sorted[i], 1]);
      }
      const ackBefore = seg.ackSize;
      const n = seg.ack(ranges);
      this.used += seg.ackSize - ackBefore;
      this.unacked -= n;
      acked += n;
      if (seg.live === 0 && seg !== this.active) this.remove(seg);
    }
    return acked;
  }

  /** ack() of the consecutive sequence numbers first..first+count-1, without an array (a delivered batch). */
  ackRange(first: number, count: number): number {
    if (this.closed || count <= 0) return 0;
    const end = first + count;
    let acked = 0;
    let seq = first;
    while (seq < end) {
      let seg = this.segmentOf(seq);
      if (seg === undefined) {
        // A gap (a segment already deleted): go on at the next segment that starts inside the range.
        seg = this.segments.find((s) => s.base > seq && s.base < end);
        if (seg === undefined) break;
        seq = seg.base;
      }
      const to = Math.min(end, seg.end);
      const ackBefore = seg.ackSize;
      const n = seg.ack([[seq, to - seq]]);
      this.used += seg.ackSize - ackBefore;
      this.unacked -= n;
      acked += n;
      seq = to;
      if (seg.live === 0 && seg !== this.active) this.remove(seg);
    }
    return acked;
  }

  private segmentOf(seq: number): Segment | undefined {
    const s = this.segments;
    let lo = 0;
    let hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].base <= seq) lo = mid + 1;
      else hi = mid - 1;
    }
    const seg = s[hi];
    return seg !== undefined && seq < seg.end ? seg : undefined;
  }

  private remove(seg: Segment): void {
    const i = this.segments.indexOf(seg);
    if (i < 0) return;
    this.segments.splice(i, 1);
    this.used -= seg.size + seg.ackSize;
    this.unacked -= seg.live;
    if (seg === this.active) this.active = null;
    try {
      seg.delete();
    } catch (err) {
      this.onError(err as Error);
    }
    if (this.waiters.length > 0) this.waiters.wake(this.maxBytes - this.used);
  }

  // ---- when full ------------------------------------------------------------

  /**
   * onFull 'dropOldest': deletes the oldest segments until events of `jsonBytes`
   * fit, and returns the unacknowledged events they held (in order) for the
   * caller to report as dropped. Space is freed a segment at a time.
   */
  evictOldest(...jsonBytes: number[]): SpoolEntry[] {
    let need = 0;
    for (const n of jsonBytes) need += logRecordBytes(n);
    if (need > this.maxBytes) throw new SpoolFullError(need, 0, this.maxBytes);
    const dropped: SpoolEntry[] = [];
    while (this.used + need > this.maxBytes && this.segments.length > 0) {
      const seg = this.segments[0];
      seg.seal();
      for (const e of seg.entries()) dropped.push({ seq: e.seq, bytes: e.bytes.slice() });
      this.remove(seg);
    }
    return dropped;
  }

  /** onFull 'block': resolves (in FIFO order) once events of `jsonBytes` fit; rejects on close() or `signal`. */
  waitForRoom(jsonBytes: number, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new SpoolClosedError());
    const need = logRecordBytes(jsonBytes);
    if (need > this.maxBytes) return Promise.reject(new SpoolFullError(need, 0, this.maxBytes));
    if (this.waiters.length === 0 && this.used + need <= this.maxBytes) return Promise.resolve();
    return this.waiters.add(need, signal);
  }

  // ---- recovery, durability, introspection -----------------------------------

  /** What earlier processes appended and nobody acknowledged, oldest first (read lazily, a segment at a time). */
  *recovered(): Generator<SpoolEntry> {
    for (const seg of this.leftover) {
      if (!this.segments.includes(seg)) continue; // acknowledged or evicted meanwhile
      for (const e of seg.entries()) if (seg.isLive(e.seq)) yield { seq: e.seq, bytes: e.bytes.slice() };
    }
  }

  /**
   * Resolves once everything written so far is on disk (fdatasync). Concurrent
   * callers share one sync, and one waiting behind a running sync shares the next.
   */
  durable(): Promise<void> {
    return this.sync.request();
  }

  private async syncAll(): Promise<void> {
    const dirDirty = this.dirDirty;
    this.dirDirty = false;
    await Promise.all(this.segments.map((s) => s.flush(false)));
    if (dirDirty && process.platform !== 'win32') {
      // A new segment's directory entry must survive a power loss too.
      const h = await open(this.dir, 'r');
      try {
        await h.sync();
      } finally {
        await h.close();
      }
    }
  }

  usage(): SpoolUsage {
    return { bytes: this.used, maxBytes: this.maxBytes, unacked: this.unacked, segments: this.segments.length };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Syncs (unless fsync is 'never'), closes the files and releases the lock; unacked events stay for the next open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.waiters.rejectAll(() => new SpoolClosedError());
    try {
      if (this.fsync !== 'never') await this.durable();
    } finally {
      for (const s of this.segments) s.closeFds();
      this.lock.release();
    }
  }
}
