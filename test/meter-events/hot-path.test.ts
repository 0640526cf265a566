// The stream's hot path after the throughput work: the hand-built JSON is the
// same bytes as JSON.stringify, whole batches give their events back exactly,
// and pacing makes an awaited send() wait for delivery past highWaterMark
// without ever losing or refusing the event.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeterEvents, type MeterEventStreamOptions } from '../../runtime/meter-events/index.js';
import { buildBody, wholeBatch, wholeEvents } from '../../runtime/meter-events/batch.js';
import { MeterEventValidationError } from '../../runtime/meter-events/errors.js';
import { EventQueue } from '../../runtime/meter-events/queue.js';
import { EventEncoder, TimestampSource } from '../../runtime/meter-events/validate.js';
import { FakeClock, settle } from '../support/meter-mock-clock.js';
import { deferred, FakeTransport } from '../support/meter-mock-fake.js';

const NOW = Date.UTC(2026, 5, 1, 12);
const odd = fc.constantFrom('', 'value', 'stripe_customer_id', '__proto__', '1', 'toJSON', 'é', '\u2028', '"', '\\', '\ud800', '},{', '\u007f');
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), odd);

describe('EventEncoder', () => {
  it('produces exactly JSON.stringify of the wire shape, and its UTF-8 size', () => {
    const encoder = new EventEncoder({ customerKey: 'stripe_customer_id', wallNow: () => NOW, generateIdentifier: () => 'gen' }, new TimestampSource(() => NOW));
    // One queue for every run: events are staged at the ring's cursor wherever earlier runs left it.
    const queue = new EventQueue();
    const event = fc.record({
      event_name: fc.oneof(fc.constant('api_call'), text),
      payload: fc.dictionary(text, fc.oneof(text, fc.constantFrom('1', '2.50', '-0.1')), { maxKeys: 5 }).map((p) => ({ stripe_customer_id: 'cus_1', ...p })),
      identifier: fc.option(text, { nil: undefined }),
      timestamp: fc.option(fc.constantFrom(new Date(NOW).toISOString(), new Date(NOW - 1000).toISOString(), '2026-06-01T11:59:00+00:00'), { nil: undefined }),
    });
    fc.assert(
      fc.property(event, (e) => {
        let bytes: number;
        try {
          bytes = encoder.encode(e, queue);
        } catch (err) {
          expect(err).toBeInstanceOf(MeterEventValidationError);
          expect(queue.unstage()).toEqual([]);
          return;
        }
        const expected = JSON.stringify({ event_name: e.event_name, payload: e.payload, identifier: e.identifier ?? 'gen', timestamp: e.timestamp ?? new Date(NOW).toISOString() });
        expect(queue.unstage()).toEqual([expected]);
        expect(bytes).toBe(Buffer.byteLength(expected));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes exactly what JSON.stringify would for payloads that are not ordinary objects', () => {
    const encoder = new EventEncoder({ customerKey: 'c', wallNow: () => NOW, generateIdentifier: () => 'gen' });
    const queue = new EventQueue();
    const wire = (payload: object): string => {
      encoder.encode({ event_name: 'e', payload, identifier: 'x', timestamp: new Date(NOW).toISOString() }, queue);
      return queue.unstage()[0];
    };
    const expected = (payload: object): string => JSON.stringify({ event_name: 'e', payload, identifier: 'x', timestamp: new Date(NOW).toISOString() });
    const inherited = Object.assign(Object.create({ inherited: 'yes' }) as object, { c: 'cus_1' });
    const nullProto = Object.assign(Object.create(null) as object, { c: 'cus_1', v: 'w' });
    const ownProto = JSON.parse('{"c":"cus_1","__proto__":"own"}') as object;
    for (const p of [inherited, nullProto, ownProto]) expect(wire(p)).toBe(expected(p));
    expect(wire(inherited)).not.toContain('inherited');
    // A polluted Object.prototype: for-in would see the field, JSON.stringify does not.
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = 'yes';
    try {
      const p = { c: 'cus_1' };
      expect(wire(p)).toBe(expected(p));
      expect(wire(p)).not.toContain('polluted');
    } finally {
      delete prototype.polluted;
    }
  });

  it('leaves payloads that are not plain objects to JSON.stringify (toJSON, inherited fields)', () => {
    const encoder = new EventEncoder({ customerKey: 'c', wallNow: () => NOW, generateIdentifier: () => 'gen' });
    class Payload {
      c = 'cus_1';
      toJSON(): Record<string, string> {
        return { c: 'cus_1', via: 'toJSON' };
      }
    }
    const queue = new EventQueue();
    encoder.encode({ event_name: 'e', payload: new Payload(), identifier: 'x' }, queue);
    expect(JSON.parse(queue.unstage()[0]).payload).toEqual({ c: 'cus_1', via: 'toJSON' });
  });
});

describe('whole batches', () => {
  it('split back into the events they were built from', () => {
    const event = fc.record({ event_name: text, payload: fc.dictionary(text, text, { maxKeys: 3 }), identifier: text }).map((e) => JSON.stringify(e));
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        expect(wholeEvents(wholeBatch(1, buildBody(events), events.length, 0))).toEqual(events);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('EventQueue bytes', () => {
  // Sizes from a few bytes to a quarter of the initial ring, so runs wrap around and grow it.
  const eventText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.nat({ max: 16_000 }).map((n) => 'x'.repeat(n)));
  const op = fc.oneof(
    fc.record({ kind: fc.constant('stage' as const), texts: fc.array(eventText, { minLength: 1, maxLength: 5 }), commit: fc.nat({ max: 5 }) }),
    fc.record({ kind: fc.constant('push' as const), texts: fc.array(eventText, { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('take' as const), n: fc.integer({ min: 1, max: 120 }) }),
    fc.record({ kind: fc.constant('shift' as const) }),
  );

  it('gives back every event, in order and byte for byte, whatever the ring does', () => {
    const utf8 = new TextEncoder();
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new EventQueue();
        const model: string[] = [];
        let bytes = 0;
        for (const o of ops) {
          if (o.kind === 'stage') {
            // What the encoder does: reserve, write, stage; then some are queued and the rest taken back.
            for (const t of o.texts) {
              const b = utf8.encode(t);
              const off = q.reserve(b.length);
              q.buf.set(b, off);
              q.stage(off, b.length);
            }
            const queued = Math.min(o.commit, o.texts.length);
            for (let k = 0; k < queued; k++) q.commit(k);
            expect(q.unstage()).toEqual(o.texts.slice(queued));
            for (const t of o.texts.slice(0, queued)) model.push(t), (bytes += utf8.encode(t).length);
          } else if (o.kind === 'push') {
            for (const t of o.texts) q.push(t, utf8.encode(t).length, 0), model.push(t), (bytes += utf8.encode(t).length);
          } else if (o.kind === 'take') {
            if (model.length === 0) continue;
            const n = Math.min(o.n, model.length);
            const taken = model.splice(0, n);
            expect(new TextDecoder().decode(q.takeBody(n))).toBe(`{"events":[${taken.join(',')}]}`);
            for (const t of taken) bytes -= utf8.encode(t).length;
          } else if (model.length > 0) {
            const t = model.shift()!;
            expect(q.shift()).toBe(t);
            bytes -= utf8.encode(t).length;
          }
          expect(q.length).toBe(model.length);
          expect(q.bytes).toBe(bytes);
        }
        expect(q.drain()).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});

describe('pacing', () => {
  const ev = (i: number) => ({ event_name: 'api_call', payload: { stripe_customer_id: 'cus_1', value: '1' }, identifier: `ev_${i}` });

  function setup(options: MeterEventStreamOptions = {}) {
    const clock = new FakeClock();
    const transport = new FakeTransport();
    transport.serverNow = clock.wallNow;
    const stream = new MeterEvents(transport).stream({ clock, random: () => 0.5, maxEventsPerSecond: Infinity, maxBatchSize: 10, maxInFlight: 1, highWaterMark: 20, ...options });
    return { clock, transport, stream };
  }

  it('past highWaterMark send() accepts the event but resolves only once a batch has left', async () => {
    const { transport, stream } = setup();
    const gate = deferred();
    transport.onBatch = () => gate.promise;
    for (let i = 0; i < 30; i++) void stream.send(ev(i)); // 10 in flight, 20 queued: at the mark
    await settle();
    expect(stream.stats().queueDepth).toBe(20);
    let done = false;
    const paced = stream.send(ev(99)).then(() => (done = true));
    expect(stream.stats().queueDepth).toBe(21); // accepted at once
    await settle();
    expect(done).toBe(false);
    gate.resolve(); // the batch in flight completes and the next one leaves
    await paced;
    expect(stream.stats().rejected).toEqual({});
    await stream.close();
    expect(stream.stats().sent).toBe(31);
  });

  it('a paced wait that lasts maxBlockMs ends, and pacing pauses until the queue is back at the mark', async () => {
    const { clock, transport, stream } = setup({ maxBlockMs: 1000 });
    const gate = deferred();
    transport.onBatch = () => gate.promise;
    for (let i = 0; i < 30; i++) void stream.send(ev(i));
    await settle();
    let done = false;
    const paced = stream.send(ev(99)).then(() => (done = true));
    await clock.advance(999);
    expect(done).toBe(false);
    await clock.advance(1);
    await paced;
    // Suspended: later sends resolve at once although the queue is past the mark.
    let quick = false;
    void stream.send(ev(100)).then(() => (quick = true));
    await settle(1);
    expect(quick).toBe(true);
    gate.resolve();
    await stream.close();
    expect(stream.stats().sent).toBe(32);
  });

  it('is off for the other onFull policies and with highWaterMark Infinity', async () => {
    for (const options of [{ onFull: 'reject' as const }, { highWaterMark: Infinity }]) {
      const { transport, stream } = setup(options);
      const gate = deferred();
      transport.onBatch = () => gate.promise;
      const results = Array.from({ length: 40 }, (_, i) => stream.send(ev(i)));
      expect(new Set(results).size).toBe(1); // the shared resolved promise every time
      gate.resolve();
      await stream.close();
    }
  });
});
