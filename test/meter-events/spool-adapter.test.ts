// The spool behind the stream's durability seam (append before send() resolves, ack by identifier, replay).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identifiersOfBody } from '../../runtime/meter-events/spool/body-ids.js';
import { openSpool, type DurableEvent } from '../../runtime/meter-events/spool/index.js';

const utf8 = new TextEncoder();
const text = new TextDecoder();
const event = (id: string, value = '1'): DurableEvent => ({
  identifier: id,
  bytes: utf8.encode(JSON.stringify({ event_name: 'e', payload: { stripe_customer_id: 'cus_1', value }, identifier: id, timestamp: '2026-01-01T00:00:00.000Z' })),
});
const decoded = (events: Iterable<DurableEvent>): Array<[string, string]> => [...events].map((e) => [e.identifier, text.decode(e.bytes)]);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spool-adapter-'));
  dirs.push(d);
  return d;
}

describe('SpoolDurability', () => {
  it('acknowledged identifiers are gone after a restart; the rest come back with their identifiers and bytes', async () => {
    const dir = tempDir();
    const d = openSpool({ dir });
    const events = ['a', 'b', 'c', 'd'].map((id) => event(id));
    expect(d.append(events.slice(0, 3))).toBeUndefined(); // 'interval': nothing to wait for
    expect(d.appendOne('d', events[3].bytes)).toBe(3);
    d.ack(['b', 'nope']);
    await d.close();

    const d2 = openSpool({ dir });
    expect(decoded(d2.recover())).toEqual(decoded([events[0], events[2], events[3]]));
    d2.ack(['a', 'd']); // replayed events are acknowledged like any other
    await d2.close();
    const d3 = openSpool({ dir });
    expect(decoded(d3.recover())).toEqual(decoded([events[2]]));
    expect(d3.usage().unacked).toBe(1);
    await d3.close();
  });

  it('an identifier sent twice is acknowledged once for both (Stripe deduplicates by identifier)', async () => {
    const dir = tempDir();
    const d = openSpool({ dir });
    d.append([event('x', '1'), event('y'), event('x', '2')]);
    d.ack(['x']);
    await d.close();
    const d2 = openSpool({ dir });
    expect([...d2.recover()].map((e) => e.identifier)).toEqual(['y']);
    await d2.close();
  });

  it("fsync 'always': append returns a promise that resolves once the events are on disk", async () => {
    const d = openSpool({ dir: tempDir(), fsync: 'always' });
    const p = d.append([event('a')]);
    expect(p).toBeInstanceOf(Promise);
    await p;
    await expect(d.appendOne('b', event('b').bytes)).resolves.toBe(1);
    await d.close();
  });

  it('capacity for onFull: fits, evictOldest (with identifiers, no longer acknowledgeable), waitForRoom', async () => {
    const d = openSpool({ dir: tempDir(), maxBytes: 64 * 1024, segmentBytes: 4096 });
    let n = 0;
    while (d.fits(event(`e${n}`).bytes.length)) d.append([event(`e${n++}`)]);
    const next = event(`e${n}`);
    const dropped = d.evictOldest(next.bytes.length);
    expect(dropped[0].identifier).toBe('e0');
    expect(text.decode(dropped[0].bytes)).toBe(text.decode(event('e0').bytes));
    d.append([next]);
    d.ack(dropped.map((e) => e.identifier)); // nothing to do: already gone
    expect(d.usage().unacked).toBe(n + 1 - dropped.length);
    await d.waitForRoom(next.bytes.length);
    await d.close();
  });
});

describe('identifiersOfBody', () => {
  it("reads each event's own identifier from a request body, not a payload key of that name, escapes decoded", () => {
    const events = [
      { event_name: 'e', payload: { identifier: 'not-me', stripe_customer_id: 'c' }, identifier: 'id-1', timestamp: 't' },
      { identifier: 'quote "q" \\ ü ✓', event_name: 'e', payload: { v: '{"identifier":"fake"}' } },
      { event_name: 'e', payload: { a: '[', b: '}' }, identifier: 'id-3' },
    ];
    const body = utf8.encode(JSON.stringify({ events }));
    expect(identifiersOfBody(body)).toEqual(['id-1', 'quote "q" \\ ü ✓', 'id-3']);
    // With the count known: the fast path when the body is in the encoder's key order, the full scan otherwise.
    expect(identifiersOfBody(body, 3)).toEqual(['id-1', 'quote "q" \\ ü ✓', 'id-3']);
    const ordered = events.map(({ event_name, payload, identifier }) => ({ event_name, payload, identifier }));
    expect(identifiersOfBody(utf8.encode(JSON.stringify({ events: ordered })), 3)).toEqual(['id-1', 'quote "q" \\ ü ✓', 'id-3']);
    expect(identifiersOfBody(utf8.encode('{"events":[{"event_name":"e","payload":{},"identifier":"x\\u00e9"}]}'), 1)).toEqual(['xé']);
    expect(identifiersOfBody(utf8.encode('{"events":[]}'))).toEqual([]);
    expect(identifiersOfBody(utf8.encode('{"events":[{"identifier":"cut'))).toEqual(['cut']); // malformed: ends, no hang
  });

  it('ackBody acknowledges the events of a delivered body', async () => {
    const dir = tempDir();
    const d = openSpool({ dir });
    const events = ['a', 'b', 'c'].map((id) => event(id));
    d.append(events);
    const body = utf8.encode(`{"events":[${[events[0], events[2]].map((e) => text.decode(e.bytes)).join(',')}]}`);
    d.ackBody(body);
    await d.close();
    const d2 = openSpool({ dir });
    expect([...d2.recover()].map((e) => e.identifier)).toEqual(['b']);
    await d2.close();
  });
});
