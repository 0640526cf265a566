// Model-based test of the spool: random appends (single and grouped, crossing segment boundaries),
// acknowledgements (any order, repeats, unknown numbers), evictions and reopenings, checked against
// a map of the events that should still be there.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../runtime/meter-events/spool/index.js';

const utf8 = new TextEncoder();
const text = new TextDecoder();
const event = (n: number, pad: number): Uint8Array => utf8.encode(JSON.stringify({ identifier: `e${n}`, payload: { value: String(n), pad: 'ø'.repeat(pad) } }));

type Op =
  | { kind: 'append'; sizes: number[] }
  | { kind: 'ack'; picks: number[] }
  | { kind: 'evict'; size: number }
  | { kind: 'reopen' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('append' as const), sizes: fc.array(fc.nat(300), { minLength: 1, maxLength: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ack' as const), picks: fc.array(fc.nat(10_000), { maxLength: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('evict' as const), size: fc.nat(2000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) },
);

describe('Spool against a model', () => {
  it('holds exactly the unacknowledged, unevicted events, in order, byte for byte, within maxBytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'spool-model-'));
        const options = { dir, maxBytes: 64 * 1024, segmentBytes: 4096, fsync: 'never' as const };
        let spool = Spool.open(options);
        const model = new Map<number, string>(); // seq -> JSON, insertion (= sequence) order
        let n = 0;
        try {
          for (const o of ops) {
            if (o.kind === 'append') {
              const events = o.sizes.map((pad) => event(n++, pad));
              const need = events.map((e) => e.length);
              if (!spool.fits(...need)) continue;
              const first = spool.append(events);
              events.forEach((e, k) => model.set(first + k, text.decode(e)));
            } else if (o.kind === 'ack') {
              const live = [...model.keys()];
              const seqs = o.picks.map((p) => (p % 7 === 0 ? 1e9 + p : live.length > 0 ? live[p % live.length] : p));
              const expected = new Set(seqs.filter((s) => model.has(s))).size;
              expect(spool.ack(seqs)).toBe(expected);
              for (const s of seqs) model.delete(s);
            } else if (o.kind === 'evict') {
              const dropped = spool.evictOldest(o.size);
              const oldest = [...model.keys()].slice(0, dropped.length);
              expect(dropped.map((e) => e.seq)).toEqual(oldest);
              for (const e of dropped) {
                expect(text.decode(e.bytes)).toBe(model.get(e.seq));
                model.delete(e.seq);
              }
              expect(spool.fits(o.size)).toBe(true);
            } else {
              await spool.close();
              spool = Spool.open(options);
              const got = [...spool.recovered()].map((e) => [e.seq, text.decode(e.bytes)]);
              expect(got).toEqual([...model.entries()]);
            }
            expect(spool.usage().unacked).toBe(model.size);
            const onDisk = readdirSync(dir)
              .filter((f) => /\.(log|ack)$/.test(f))
              .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
            expect(spool.usage().bytes).toBe(onDisk);
            expect(onDisk).toBeLessThanOrEqual(options.maxBytes + 1024); // acks may pass the bound by their last frame
          }
        } finally {
          await spool.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
