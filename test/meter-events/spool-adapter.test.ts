// Unit test of the spool behind the stream's durability seam: positions (acceptance order) map to the
// spool's sequence numbers, settle() acknowledges ranges of positions, recovery takes positions 0..n-1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool, SpoolFullError } from '../../runtime/meter-events/spool/index.js';

const utf8 = new TextEncoder();
const json = (id: string): string =>
  JSON.stringify({
    event_name: 'e',
    payload: { stripe_customer_id: 'cus_1', value: 'ü' },
    identifier: id,
    timestamp: '2026-01-01T00:00:00.000Z',
  });
const ids = (jsons: readonly string[]): string[] => jsons.map((j) => (JSON.parse(j) as { identifier: string }).identifier);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spool-adapter-'));
  dirs.push(d);
  return d;
}

/** Appends `names` at positions from `from`, as the stream does: the event's bytes inside a larger buffer. */
function append(d: ReturnType<typeof openSpool>, from: number, names: string[]): void {
  names.forEach((name, k) => {
    const bytes = utf8.encode(`xx${json(name)}yy`);
    void d.append(from + k, bytes, 2, bytes.length - 4);
  });
}

describe('SpoolDurability (the stream seam)', () => {
  it('settled positions are gone after a restart; the rest come back as the exact JSON, in order, at positions 0..n-1', async () => {
    const dir = tempDir();
    const d = openSpool({ dir });
    expect([...d.recover()]).toEqual([]);
    append(d, 0, ['a', 'b', 'c', 'd', 'e', 'f']);
    d.settle(1, 2, 'delivered'); // b, c
    d.settle(4, 1, 'failed'); // e
    d.settle(4, 1, 'delivered'); // a repeat is harmless
    await d.close();

    const d2 = openSpool({ dir });
    const back = [...d2.recover()];
    expect(back).toEqual([json('a'), json('d'), json('f')]);
    // Recovered positions 0..2 map across the gaps; new events follow at 3.
    append(d2, 3, ['g', 'h']);
    d2.settle(1, 3, 'delivered'); // d, f, g
    await d2.close();

    const d3 = openSpool({ dir });
    expect(ids([...d3.recover()])).toEqual(['a', 'h']);
    d3.settle(0, 2, 'dropped');
    expect(d3.usage().unacked).toBe(0);
    await d3.close();
  });

  it('an append that fails leaves its position unmapped: settling across it acknowledges only the others', async () => {
    const dir = tempDir();
    const d = openSpool({ dir, maxBytes: 64 * 1024, segmentBytes: 4096 });
    append(d, 0, ['a']);
    const huge = utf8.encode(json('x'.repeat(70 * 1024)));
    expect(() => d.append(1, huge, 0, huge.length)).toThrow(SpoolFullError);
    append(d, 2, ['c']);
    d.settle(0, 3, 'delivered');
    expect(d.usage().unacked).toBe(0);
    await d.close();
  });

  it("reports room for the stream's onFull policies", async () => {
    const d = openSpool({
      dir: tempDir(),
      maxBytes: 64 * 1024,
      segmentBytes: 4096,
    });
    const size = utf8.encode(json('a')).length;
    let n = 0;
    while (d.fits(size)) append(d, n++, [`e${n}`]);
    expect(n).toBeGreaterThan(100);
    expect(d.shortfall(size)).toBeGreaterThan(0);
    d.settle(0, n, 'delivered');
    expect(d.fits(size)).toBe(true);
    expect(d.shortfall(size)).toBe(0);
    await d.close();
  });

  it("fsync 'always': append returns a promise that resolves once the event is on disk", async () => {
    const d = openSpool({ dir: tempDir(), fsync: 'always' });
    const bytes = utf8.encode(json('a'));
    await expect(d.append(0, bytes, 0, bytes.length)).resolves.toBeUndefined();
    await d.close();
  });
});
