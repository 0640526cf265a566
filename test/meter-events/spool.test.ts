// Unit tests of the durable spool against real files in a temp folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool, SpoolClosedError, SpoolCorruptionError, SpoolFullError, SpoolOptionsError, type SpoolOptions } from '../../runtime/meter-events/spool/index.js';

const utf8 = new TextEncoder();
const text = new TextDecoder();
const ev = (i: number, pad = 0): Uint8Array =>
  utf8.encode(JSON.stringify({ event_name: 'api_call', payload: { stripe_customer_id: `cus_${i}`, value: String(i), note: 'é'.repeat(pad) }, identifier: `id-${i}-ü` }));
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

const dirs: string[] = [];
const open: Spool[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spool-'));
  dirs.push(d);
  return d;
}
function openSpool(options: SpoolOptions): Spool {
  const s = Spool.open(options);
  open.push(s);
  return s;
}
async function reopen(s: Spool, options: Partial<SpoolOptions> = {}): Promise<Spool> {
  await s.close();
  return openSpool({ dir: s.dir, ...options });
}
const recovered = (s: Spool): string[] => [...s.recovered()].map((e) => text.decode(e.bytes));
const logs = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.log'));

describe('Spool', () => {
  it('recovers every appended, unacknowledged event in order with the same bytes, and continues the sequence', async () => {
    const dir = tempDir();
    const s = openSpool({ dir });
    expect(s.append(range(0, 5).map((i) => ev(i)))).toBe(0);
    expect(s.append([ev(5)])).toBe(5);
    expect(s.ack([1, 3])).toBe(2);
    expect(s.ack([3])).toBe(0); // idempotent
    expect(s.usage().unacked).toBe(4);
    const s2 = await reopen(s);
    expect(recovered(s2)).toEqual([0, 2, 4, 5].map((i) => text.decode(ev(i))));
    expect([...s2.recovered()].map((e) => e.seq)).toEqual([0, 2, 4, 5]);
    expect(s2.append([ev(6)])).toBe(6);
    s2.ack([0, 2]);
    const s3 = await reopen(s2);
    expect([...s3.recovered()].map((e) => e.seq)).toEqual([4, 5, 6]);
  });

  it('rolls segments and deletes each one once all its events are acknowledged', async () => {
    const dir = tempDir();
    const s = openSpool({ dir, maxBytes: 64 * 1024, segmentBytes: 4096 });
    for (let i = 0; i < 200; i++) s.append([ev(i)]);
    const segments = s.usage().segments;
    expect(segments).toBeGreaterThan(5);
    expect(logs(dir)).toHaveLength(segments);
    const before = s.usage().bytes;
    s.ack(range(0, 100)); // out of order within the call is fine
    expect(s.usage().segments).toBeLessThan(segments);
    expect(s.usage().bytes).toBeLessThan(before);
    expect(logs(dir)).toHaveLength(s.usage().segments);
    s.ack(range(100, 200).reverse());
    // Only the active segment is left; the next roll deletes it.
    expect(s.usage()).toMatchObject({ unacked: 0, segments: 1 });
    for (let i = 200; i < 240; i++) s.append([ev(i)]);
    expect(logs(dir)[0]).not.toBe('0000000000000000.log');
    const s2 = await reopen(s);
    expect([...s2.recovered()].map((e) => e.seq)).toEqual(range(200, 240));
  });

  it('is bounded by maxBytes: fits/append refuse, evictOldest hands back the oldest events, waitForRoom waits for acks', async () => {
    const dir = tempDir();
    const s = openSpool({ dir, maxBytes: 64 * 1024, segmentBytes: 8192 });
    let n = 0;
    while (s.fits(ev(n).length)) s.append([ev(n++)]);
    expect(s.usage().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(() => s.append([ev(n)])).toThrow(SpoolFullError);
    expect(s.usage().unacked).toBe(n);

    // 'block': resolves once an ack deletes a segment.
    let admitted = false;
    const wait = s.waitForRoom(ev(n).length).then(() => (admitted = true));
    s.ack([0]);
    await Promise.resolve();
    expect(admitted).toBe(false); // one event does not free a segment
    const first = [...s.recovered()]; // nothing from an earlier process
    expect(first).toEqual([]);
    const segOne = s.usage().segments;
    s.ack(range(1, 100));
    await wait;
    expect(s.usage().segments).toBeLessThan(segOne);
    s.append([ev(n++)]);

    // 'dropOldest': whole oldest segments go; their unacked events come back in order.
    while (s.fits(ev(n).length)) s.append([ev(n++)]);
    const dropped = s.evictOldest(ev(n).length);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.map((e) => e.seq)).toEqual(range(100, 100 + dropped.length));
    expect(text.decode(dropped[0].bytes)).toBe(text.decode(ev(100)));
    expect(s.fits(ev(n).length)).toBe(true);
    s.append([ev(n++)]);
    const s2 = await reopen(s);
    expect([...s2.recovered()].map((e) => e.seq)).toEqual(range(100 + dropped.length, n));
  });

  it('an event larger than maxBytes is refused outright', () => {
    const s = openSpool({ dir: tempDir(), maxBytes: 64 * 1024, segmentBytes: 4096 });
    const big = ev(0, 40_000);
    expect(s.fits(big.length)).toBe(false);
    expect(() => s.evictOldest(big.length)).toThrow(SpoolFullError);
    return expect(s.waitForRoom(big.length)).rejects.toThrow(SpoolFullError);
  });

  it('a flipped bit and a torn tail are reported with file and offset, skipped, and never cost the other events', async () => {
    const dir = tempDir();
    const s = openSpool({ dir, maxBytes: 64 * 1024, segmentBytes: 4096 });
    for (let i = 0; i < 100; i++) s.append([ev(i)]);
    await s.close();
    const files = logs(dir).sort();
    expect(files.length).toBeGreaterThan(2);
    const firstFile = join(dir, files[0]);
    const bytes = readFileSync(firstFile);
    const recordSize = 12 + 8 + ev(0).length;
    bytes[recordSize + 30] ^= 0x01; // the second event
    writeFileSync(firstFile, bytes);
    const lastFile = join(dir, files[files.length - 1]);
    const lastSize = readFileSync(lastFile).length;
    truncateSync(lastFile, lastSize - 7); // a torn write at the very end

    const reports: SpoolCorruptionError[] = [];
    const s2 = openSpool({ dir, maxBytes: 64 * 1024, segmentBytes: 4096, onCorruption: (e) => reports.push(e) });
    expect(reports.map((r) => [r.file, r.offset, r.reason])).toEqual([
      [firstFile, recordSize, 'checksum mismatch'],
      [lastFile, lastSize - (12 + 8 + ev(99).length), 'truncated'],
    ]);
    expect(reports[0].message).toContain(`${firstFile}:${recordSize}`);
    const got = [...s2.recovered()];
    expect(got.map((e) => e.seq)).toEqual(range(0, 100).filter((i) => i !== 1 && i !== 99));
    for (const e of got) expect(text.decode(e.bytes)).toBe(text.decode(ev(e.seq)));
    // New events go to a new segment, never after a damaged tail (the torn record's number is free again).
    expect(s2.append([ev(100)])).toBe(99);
    expect(logs(dir)).toHaveLength(files.length + 1);
    // Once their events are acknowledged, the damaged segments go like any other.
    s2.ack(got.map((e) => e.seq));
    expect(existsSync(firstFile)).toBe(false);
    expect(existsSync(lastFile)).toBe(false);
  });

  it('a torn ack file loses only those acks: the events are resent, not lost', async () => {
    const dir = tempDir();
    const s = openSpool({ dir });
    s.append(range(0, 10).map((i) => ev(i)));
    s.ack([0, 1]);
    s.ack([5]);
    await s.close();
    const ack = join(dir, '0000000000000000.ack');
    truncateSync(ack, readFileSync(ack).length - 3);
    const reports: SpoolCorruptionError[] = [];
    const s2 = openSpool({ dir, onCorruption: (e) => reports.push(e) });
    expect(reports).toMatchObject([{ file: ack, reason: 'truncated' }]);
    expect([...s2.recovered()].map((e) => e.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('removes an orphan ack file and ignores unrelated files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '0000000000000007.ack'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'keep');
    const s = openSpool({ dir });
    expect(existsSync(join(dir, '0000000000000007.ack'))).toBe(false);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
    expect(s.usage()).toMatchObject({ bytes: 0, unacked: 0, segments: 0 });
  });

  it("fsync 'always': durable() resolves after the data is synced; concurrent callers share syncs", async () => {
    const s = openSpool({ dir: tempDir(), fsync: 'always' });
    s.append([ev(0)]);
    const a = s.durable();
    s.append([ev(1)]);
    const b = s.durable();
    const c = s.durable();
    expect(c).toBe(b); // waiting behind the running sync: they share the next one
    await Promise.all([a, b, c]);
    await s.close();
    expect(() => s.append([ev(2)])).toThrow(SpoolClosedError);
    await expect(s.waitForRoom(10)).rejects.toThrow(SpoolClosedError);
  });

  it('refuses bad options with one line naming the option', () => {
    const dir = tempDir();
    expect(() => Spool.open({ dir: '' })).toThrow(/spool\.dir/);
    expect(() => Spool.open({ dir, maxBytes: 10 })).toThrow(/spool\.maxBytes/);
    expect(() => Spool.open({ dir, maxBytes: 64 * 1024, segmentBytes: 32 * 1024 })).toThrow(/spool\.segmentBytes/);
    expect(() => Spool.open({ dir, fsync: 'sometimes' as never })).toThrow(SpoolOptionsError);
    writeFileSync(join(dir, 'file'), '');
    expect(() => Spool.open({ dir: join(dir, 'file') })).toThrow(new RegExp(`^spool\\.dir: ${join(dir, 'file')} cannot be used: `));
    expect(() => Spool.open({ dir: join(dir, 'file', 'sub') })).toThrow(SpoolOptionsError);
    expect(readdirSync(dir)).toEqual(['file']); // no lock left behind by the failures
  });
});
