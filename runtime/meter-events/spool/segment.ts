// One log segment: `<base>.log` holds framed events with consecutive sequence
// numbers from `base`; `<base>.ack` holds the ranges acknowledged since. The
// segment knows which of its events are still live (appended or recovered, not
// acknowledged), so the spool can delete it the moment the last one is acked.

import { closeSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ACK_MAGIC, LOG_MAGIC, ackRanges, encodeAckRecord, logRecordJson, logRecordSeq, scanFrames, type DamagedRegion } from './framing.js';
import type { SpoolEntry } from './types.js';

const LIVE = 1;
const ACKED = 2;

export const segmentName = (base: number, ext: 'log' | 'ack'): string => `${String(base).padStart(16, '0')}.${ext}`;

/** Writes all of `buf[start, end)` (writeSync may write less than asked). */
function writeAll(fd: number, buf: Uint8Array, start: number, end: number): void {
  while (start < end) start += writeSync(fd, buf, start, end - start);
}

export class Segment {
  readonly logPath: string;
  readonly ackPath: string;
  /** Log bytes and ack bytes on disk. */
  size = 0;
  ackSize = 0;
  /** Events not yet acknowledged. */
  live = 0;
  /** Per sequence number from `base`: 0 absent (damaged), LIVE or ACKED. */
  private state = new Uint8Array(64);
  /** One past the highest sequence number seen. */
  end: number;
  private fd: number | null = null;
  private ackFd: number | null = null;
  /** Written since the last fdatasync. */
  private dirty = false;
  private ackDirty = false;
  /** fdatasync calls running on this segment's descriptors: closing waits for them. */
  private syncing = 0;
  private closeWanted = false;

  private constructor(
    readonly dir: string,
    readonly base: number,
  ) {
    this.logPath = join(dir, segmentName(base, 'log'));
    this.ackPath = join(dir, segmentName(base, 'ack'));
    this.end = base;
  }

  /** A new, empty segment open for appending. */
  static create(dir: string, base: number): Segment {
    const s = new Segment(dir, base);
    s.fd = openSync(s.logPath, 'wx');
    return s;
  }

  /** Reads a segment left by an earlier process: its events, minus damaged regions, minus acknowledged ones. */
  static recover(dir: string, base: number, damaged: (file: string, region: DamagedRegion) => void): Segment {
    const s = new Segment(dir, base);
    const log = readFileSync(s.logPath);
    s.size = log.length;
    scanFrames(
      log,
      LOG_MAGIC,
      (start) => {
        const seq = logRecordSeq(log, start);
        if (Number.isSafeInteger(seq) && seq >= base && seq - base < log.length) s.mark(seq, LIVE);
      },
      (region) => damaged(s.logPath, region),
    );
    let ack: Buffer | undefined;
    try {
      ack = readFileSync(s.ackPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (ack !== undefined) {
      s.ackSize = ack.length;
      scanFrames(
        ack,
        ACK_MAGIC,
        (start, end) => {
          for (const [first, count] of ackRanges(ack, start, end)) s.ackRange(first, count);
        },
        (region) => damaged(s.ackPath, region),
      );
    }
    return s;
  }

  private mark(seq: number, to: number): void {
    const i = seq - this.base;
    if (i >= this.state.length) {
      let n = this.state.length * 2;
      while (n <= i) n *= 2;
      const grown = new Uint8Array(n);
      grown.set(this.state);
      this.state = grown;
    }
    if (this.state[i] === LIVE && to === ACKED) this.live--;
    else if (this.state[i] !== LIVE && to === LIVE) this.live++;
    this.state[i] = to;
    if (seq >= this.end) this.end = seq + 1;
  }

  get writable(): boolean {
    return this.fd !== null;
  }

  /** Appends `count` framed events (`buf[start, end)`, sequence numbers from `this.end`); all or nothing. */
  append(buf: Uint8Array, start: number, end: number, count: number): void {
    const fd = this.fd;
    if (fd === null) throw new Error(`spool segment ${this.logPath} is not open for writing`);
    try {
      writeAll(fd, buf, start, end);
    } catch (err) {
      // Leave no partial record behind (ENOSPC, EIO): the file ends where it did.
      try {
        ftruncateSync(fd, this.size);
      } catch {
        // the scan will skip the torn record on recovery
      }
      throw err;
    }
    this.size += end - start;
    this.dirty = true;
    for (let k = 0; k < count; k++) this.mark(this.end, LIVE);
  }

  /** Marks a range acknowledged in memory; returns how many of its events were live. */
  private ackRange(first: number, count: number): number {
    const before = this.live;
    const from = Math.max(first, this.base);
    const to = Math.min(first + count, this.end);
    for (let seq = from; seq < to; seq++) if (this.state[seq - this.base] === LIVE) this.mark(seq, ACKED);
    return before - this.live;
  }

  /** Acknowledges ranges of this segment and records them in its ack file; returns how many live events they held. */
  ack(ranges: ReadonlyArray<readonly [number, number]>): number {
    let n = 0;
    const effective: Array<[number, number]> = [];
    for (const [first, count] of ranges) {
      const k = this.ackRange(first, count);
      if (k > 0) effective.push([first, count]);
      n += k;
    }
    if (effective.length === 0) return n;
    const frame = encodeAckRecord(effective);
    this.ackFd ??= openSync(this.ackPath, 'a');
    writeAll(this.ackFd, frame, 0, frame.length);
    this.ackSize += frame.length;
    this.ackDirty = true;
    return n;
  }

  isLive(seq: number): boolean {
    return seq >= this.base && seq < this.end && this.state[seq - this.base] === LIVE;
  }

  /** The live events, in order, read back from the file (damaged regions were reported at recovery). */
  *entries(): Generator<SpoolEntry> {
    const log = readFileSync(this.logPath);
    const out: SpoolEntry[] = [];
    scanFrames(
      log,
      LOG_MAGIC,
      (start, end) => {
        const seq = logRecordSeq(log, start);
        if (this.isLive(seq)) out.push({ seq, bytes: logRecordJson(log, start, end) });
      },
      () => {},
    );
    yield* out;
  }

  /** Forces written bytes to disk; `sync` blocks, otherwise the work runs on libuv's thread pool. */
  flush(sync: boolean): Promise<void> {
    const fds: number[] = [];
    if (this.dirty && this.fd !== null) fds.push(this.fd);
    if (this.ackDirty && this.ackFd !== null) fds.push(this.ackFd);
    this.dirty = this.ackDirty = false;
    if (fds.length === 0) return Promise.resolve();
    if (sync) {
      for (const fd of fds) fdatasyncSync(fd);
      return Promise.resolve();
    }
    this.syncing++;
    return Promise.all(fds.map((fd) => new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve()))))).then(
      () => this.synced(),
      (err: unknown) => {
        this.synced();
        throw err;
      },
    );
  }

  private synced(): void {
    if (--this.syncing === 0 && this.closeWanted) this.closeFds();
  }

  /** Stops appending to this segment (its ack file stays open while it has live events). */
  seal(): void {
    if (this.fd === null) return;
    if (this.syncing > 0) {
      this.closeWanted = true; // closed by the running fdatasync's completion
      return;
    }
    closeSync(this.fd);
    this.fd = null;
  }

  /** Closes every descriptor (deferred while an fdatasync runs on one). */
  closeFds(): void {
    if (this.syncing > 0) {
      this.closeWanted = true;
      return;
    }
    if (this.fd !== null) closeSync(this.fd);
    if (this.ackFd !== null) closeSync(this.ackFd);
    this.fd = this.ackFd = null;
  }

  /** Deletes both files: the log first, so a crash in between leaves an orphan ack, which open() removes. */
  delete(): void {
    this.closeFds();
    unlinkSync(this.logPath);
    try {
      unlinkSync(this.ackPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

const SEGMENT_FILE = /^(\d{16})\.(log|ack)$/;

/**
 * Reads every segment an earlier process left in `dir`, oldest first: deletes
 * those with nothing live (fully acknowledged, empty, or wholly damaged) and
 * orphan ack files (a crash between a segment's two deletions). Returns the
 * rest and the next free sequence number.
 */
export function recoverSegments(dir: string, damaged: (file: string, region: DamagedRegion) => void): { kept: Segment[]; nextSeq: number } {
  const logs: number[] = [];
  const acks: number[] = [];
  for (const name of readdirSync(dir)) {
    const m = SEGMENT_FILE.exec(name);
    if (m) (m[2] === 'log' ? logs : acks).push(Number(m[1]));
  }
  logs.sort((a, b) => a - b);
  const kept: Segment[] = [];
  let nextSeq = 0;
  for (const base of logs) {
    const seg = Segment.recover(dir, base, damaged);
    nextSeq = Math.max(nextSeq, seg.end);
    if (seg.live === 0) seg.delete();
    else kept.push(seg);
  }
  for (const base of acks) if (!logs.includes(base)) unlinkSync(join(dir, segmentName(base, 'ack')));
  return { kept, nextSeq };
}
