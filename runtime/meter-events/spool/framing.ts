// Record framing shared by the log segments and their ack files. Every frame is
//   u32 magic | u32 body length | u32 CRC-32 of the body | body
// (little-endian). A log record's body is `f64 sequence | event JSON bytes`; an
// ack record's body is one or more `f64 first sequence | u32 count` ranges.
// The magic lets a reader find the next good frame after a damaged one, so a
// flipped bit or a torn write costs the damaged frame only, never the rest.

import { crc32 } from './crc32.js';

export const HEADER_BYTES = 12;
/** 'MSL1' and 'MSA1': meter spool log / ack, version 1. */
export const LOG_MAGIC = 0x314c534d;
export const ACK_MAGIC = 0x3141534d;
const SEQ_BYTES = 8;
const RANGE_BYTES = 12;
/** Larger than any event the stream accepts (a request body is at most 256 KiB); a longer length is damage. */
export const MAX_RECORD_BODY = 1024 * 1024;

const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);

function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >>> 8;
  b[at + 2] = v >>> 16;
  b[at + 3] = v >>> 24;
}

function getU32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

function putF64(b: Uint8Array, at: number, v: number): void {
  scratch[0] = v;
  for (let k = 0; k < 8; k++) b[at + k] = scratchBytes[k]; // a TypedArray set() call costs more for 8 bytes
}

function getF64(b: Uint8Array, at: number): number {
  for (let k = 0; k < 8; k++) scratchBytes[k] = b[at + k];
  return scratch[0];
}

function seal(b: Uint8Array, at: number, magic: number, bodyBytes: number): number {
  putU32(b, at, magic);
  putU32(b, at + 4, bodyBytes);
  putU32(b, at + 8, crc32(b, at + HEADER_BYTES, at + HEADER_BYTES + bodyBytes));
  return HEADER_BYTES + bodyBytes;
}

/** Bytes a log record of `jsonBytes` takes on disk. */
export function logRecordBytes(jsonBytes: number): number {
  return HEADER_BYTES + SEQ_BYTES + jsonBytes;
}

/** Frames event `seq` (its JSON in `json`) at `at` in `out`, which must have room; returns the bytes written. */
export function encodeLogRecord(out: Uint8Array, at: number, seq: number, json: Uint8Array): number {
  putF64(out, at + HEADER_BYTES, seq);
  out.set(json, at + HEADER_BYTES + SEQ_BYTES);
  return seal(out, at, LOG_MAGIC, SEQ_BYTES + json.length);
}

/** One ack frame holding `ranges` as [first sequence, count] pairs. */
export function encodeAckRecord(ranges: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + ranges.length * RANGE_BYTES);
  let at = HEADER_BYTES;
  for (const [first, count] of ranges) {
    putF64(out, at, first);
    putU32(out, at + SEQ_BYTES, count);
    at += RANGE_BYTES;
  }
  seal(out, 0, ACK_MAGIC, ranges.length * RANGE_BYTES);
  return out;
}

/** A damaged region of a file: `length` bytes from `offset` hold no valid frame. */
export interface DamagedRegion {
  offset: number;
  length: number;
  reason: 'truncated' | 'checksum mismatch' | 'bad header';
}

/** The start of a valid frame at `at`, or a reason it is not one. */
function check(b: Uint8Array, at: number, magic: number, minBody: number): { ok: true; body: number } | { ok: false; reason: DamagedRegion['reason'] } {
  if (b.length - at < HEADER_BYTES) return { ok: false, reason: getU32Safe(b, at) === magic ? 'truncated' : 'bad header' };
  const body = getU32(b, at + 4);
  if (getU32(b, at) !== magic || body < minBody || body > MAX_RECORD_BODY) return { ok: false, reason: 'bad header' };
  if (at + HEADER_BYTES + body > b.length) return { ok: false, reason: 'truncated' };
  if (crc32(b, at + HEADER_BYTES, at + HEADER_BYTES + body) !== getU32(b, at + 8)) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, body };
}

/** The magic at `at` when at least 4 bytes remain (a torn header may still start with it). */
function getU32Safe(b: Uint8Array, at: number): number {
  return b.length - at >= 4 ? getU32(b, at) : -1;
}

/**
 * Calls `frame(bodyStart, bodyEnd)` for every valid frame of `buf`, in order, and
 * `damaged(region)` for each run of bytes between them that holds no valid frame
 * (the scan resumes at the next offset where a whole, checksummed frame starts).
 */
export function scanFrames(
  buf: Uint8Array,
  magic: number,
  frame: (bodyStart: number, bodyEnd: number) => void,
  damaged: (region: DamagedRegion) => void,
): void {
  const minBody = magic === LOG_MAGIC ? SEQ_BYTES + 1 : RANGE_BYTES;
  let at = 0;
  while (at < buf.length) {
    const first = check(buf, at, magic, minBody);
    if (first.ok) {
      frame(at + HEADER_BYTES, at + HEADER_BYTES + first.body);
      at += HEADER_BYTES + first.body;
      continue;
    }
    let next = at + 1;
    for (; next < buf.length; next++) {
      if (buf[next] === (magic & 0xff) && check(buf, next, magic, minBody).ok) break;
    }
    damaged({ offset: at, length: next - at, reason: first.reason });
    at = next;
  }
}

/** A log record's sequence number, from its body. */
export function logRecordSeq(buf: Uint8Array, bodyStart: number): number {
  return getF64(buf, bodyStart);
}

/** The event JSON of a log record, from its body (a view into `buf`). */
export function logRecordJson(buf: Uint8Array, bodyStart: number, bodyEnd: number): Uint8Array {
  return buf.subarray(bodyStart + SEQ_BYTES, bodyEnd);
}

/** The [first sequence, count] ranges of an ack record's body. */
export function ackRanges(buf: Uint8Array, bodyStart: number, bodyEnd: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = bodyStart; at + RANGE_BYTES <= bodyEnd; at += RANGE_BYTES) out.push([getF64(buf, at), getU32(buf, at + SEQ_BYTES)]);
  return out;
}
