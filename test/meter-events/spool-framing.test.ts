// Unit tests of the spool's record framing and CRC-32 (one module each).
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../runtime/meter-events/spool/crc32.js';
import {
  ACK_MAGIC,
  LOG_MAGIC,
  ackRanges,
  encodeAckRecord,
  encodeLogRecord,
  logRecordBytes,
  logRecordJson,
  logRecordSeq,
  scanFrames,
  type DamagedRegion,
} from '../../runtime/meter-events/spool/framing.js';

const utf8 = new TextEncoder();

function frames(jsons: string[], firstSeq = 0): Uint8Array {
  const parts = jsons.map((j) => utf8.encode(j));
  const out = new Uint8Array(parts.reduce((n, p) => n + logRecordBytes(p.length), 0));
  let at = 0;
  parts.forEach((p, i) => (at += encodeLogRecord(out, at, firstSeq + i, p)));
  return out;
}

function scan(buf: Uint8Array): { records: Array<[number, string]>; damaged: DamagedRegion[] } {
  const records: Array<[number, string]> = [];
  const damaged: DamagedRegion[] = [];
  scanFrames(buf, LOG_MAGIC, (s, e) => records.push([logRecordSeq(buf, s), new TextDecoder().decode(logRecordJson(buf, s, e))]), (r) => damaged.push(r));
  return { records, damaged };
}

describe('crc32', () => {
  it('matches the standard check value and zlib on random input', () => {
    expect(crc32(utf8.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(20), (bytes, cut) => {
        const start = Math.min(cut, bytes.length);
        expect(crc32(bytes, start, bytes.length)).toBe(zlibCrc32(bytes.subarray(start)));
      }),
    );
  });
});

describe('framing', () => {
  const events = ['{"identifier":"a"}', '{"identifier":"ünïcødé ✓"}', '{"identifier":"c","payload":{"value":"3"}}'];

  it('round-trips records with their sequence numbers and exact bytes', () => {
    expect(scan(frames(events, 41))).toEqual({ records: events.map((e, i) => [41 + i, e]), damaged: [] });
  });

  it('a flipped bit costs only the damaged record; the scan resumes at the next one', () => {
    const buf = frames(events);
    const second = logRecordBytes(utf8.encode(events[0]).length);
    buf[second + 20] ^= 0x10; // inside the second record's JSON
    const { records, damaged } = scan(buf);
    expect(records.map((r) => r[0])).toEqual([0, 2]);
    expect(damaged).toEqual([{ offset: second, length: logRecordBytes(utf8.encode(events[1]).length), reason: 'checksum mismatch' }]);
  });

  it('a torn tail is reported as truncated from its offset to the end of the file', () => {
    const buf = frames(events);
    const cut = buf.length - 5;
    const { records, damaged } = scan(buf.subarray(0, cut));
    expect(records.map((r) => r[0])).toEqual([0, 1]);
    const third = buf.length - logRecordBytes(utf8.encode(events[2]).length);
    expect(damaged).toEqual([{ offset: third, length: cut - third, reason: 'truncated' }]);
    // Even a header cut after 3 bytes is reported, not read past.
    expect(scan(buf.subarray(0, third + 3)).damaged).toEqual([{ offset: third, length: 3, reason: 'bad header' }]);
  });

  it('garbage in the middle (a corrupted length) is skipped up to the next valid record', () => {
    const buf = frames(events);
    buf[4] = 0xff; // first record's length: now past the end and past the limit
    buf[7] = 0x7f;
    const { records, damaged } = scan(buf);
    expect(records.map((r) => r[0])).toEqual([1, 2]);
    expect(damaged).toMatchObject([{ offset: 0, reason: 'bad header' }]);
  });

  it('ack records carry [first, count] ranges', () => {
    const rec = encodeAckRecord([
      [7, 3],
      [2 ** 40, 100],
    ]);
    const seen: Array<[number, number]> = [];
    scanFrames(rec, ACK_MAGIC, (s, e) => seen.push(...ackRanges(rec, s, e)), () => {});
    expect(seen).toEqual([
      [7, 3],
      [2 ** 40, 100],
    ]);
  });
});
