// The spool behind the stream's durability seam (../durability.ts): the stream
// names events by position (0, 1, 2, ... in acceptance order), the spool by its
// own sequence numbers, which go on across processes. Appends made one after
// another get consecutive sequence numbers, so the map from positions to
// sequence numbers is a short list of runs (position, sequence, length): one
// run for a whole stream, plus one per gap (recovered events whose neighbours
// were acknowledged before the crash, or an append that failed). No map per
// event, no scan of request bodies: a delivered batch (first, count) becomes
// an ackRange on the spool.

import type { MeterEventDurability, SettleOutcome } from '../durability.js';
import { Spool } from './spool.js';
import type { SpoolOptions, SpoolUsage } from './types.js';

const text = new TextDecoder();

export class SpoolDurability implements MeterEventDurability {
  readonly spool: Spool;
  private readonly always: boolean;
  // Runs, in position order: positions runPos[k]..runPos[k]+runLen[k]-1 are sequences runSeq[k]...
  private runPos: number[] = [];
  private runSeq: number[] = [];
  private runLen: number[] = [];

  constructor(options: SpoolOptions) {
    this.spool = Spool.open(options);
    this.always = this.spool.fsync === 'always';
  }

  /**
   * The unacknowledged events of earlier processes, oldest first, read as the stream asks for them
   * (a segment at a time); they take positions 0..n-1, mapped as each is handed over.
   */
  *recover(): Generator<string> {
    let pos = 0;
    for (const e of this.spool.recovered()) {
      this.map(pos++, e.seq);
      yield text.decode(e.bytes);
    }
  }

  append(pos: number, bytes: Uint8Array, off: number, len: number): Promise<void> | undefined {
    // A throw (SpoolFullError, an I/O error) rejects this send(); the position stays unmapped, so settling it is a no-op.
    this.map(pos, this.spool.appendOne(bytes.subarray(off, off + len)));
    // The bytes reached the OS (a killed process loses nothing); 'always' also waits for fdatasync.
    return this.always ? this.spool.durable() : undefined;
  }

  private map(pos: number, seq: number): void {
    const k = this.runPos.length - 1;
    if (k >= 0 && this.runPos[k] + this.runLen[k] === pos && this.runSeq[k] + this.runLen[k] === seq) {
      this.runLen[k]++;
      return;
    }
    this.runPos.push(pos);
    this.runSeq.push(seq);
    this.runLen.push(1);
  }

  settle(first: number, count: number, _outcome: SettleOutcome): void {
    const pos = this.runPos;
    // Last run starting at or before `first` (the run list is short and ordered).
    let lo = 0;
    let hi = pos.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pos[mid] <= first) lo = mid + 1;
      else hi = mid - 1;
    }
    const end = first + count;
    for (let k = Math.max(hi, 0); k < pos.length && pos[k] < end; k++) {
      const from = Math.max(first, pos[k]);
      const to = Math.min(end, pos[k] + this.runLen[k]);
      if (from < to) this.spool.ackRange(this.runSeq[k] + (from - pos[k]), to - from);
    }
  }

  /** Room for one event of `jsonBytes` within maxBytes: the stream's onFull policies apply when there is none. */
  fits(jsonBytes: number): boolean {
    return this.spool.fitsOne(jsonBytes);
  }

  /** Bytes to free before it fits (onFull 'dropOldest' settles about this much of the oldest queued events at a time). */
  shortfall(jsonBytes: number): number {
    return this.spool.shortfall(jsonBytes);
  }

  usage(): SpoolUsage {
    return this.spool.usage();
  }

  close(): Promise<void> {
    return this.spool.close();
  }
}

/** Opens the spool of `options.dir` as a stream's durability (throws SpoolLockedError when it is in use). */
export function openSpool(options: SpoolOptions): SpoolDurability {
  return new SpoolDurability(options);
}
